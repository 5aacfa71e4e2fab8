package io.tokenpress.loadtest.run;

import io.tokenpress.loadtest.measure.LatencyRecorder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads a topic on its own thread from the beginning (assigned partitions, no consumer group), and
 * for every record: the end-to-end latency from its timestamp (the producer's send time, in
 * milliseconds), and whether its value is exactly one of the corpus records (the lossless check; the
 * count check is the caller's).
 */
final class ConsumerLoop implements AutoCloseable {
    private final Supplier<Consumer<byte[], byte[]>> factory;
    private final String topic;
    private final int partitions;
    private final Corpus corpus;
    private final LatencyRecorder latency;
    private final AtomicLong consumed;
    private final AtomicLong mismatches = new AtomicLong();
    private final AtomicLong consumedBytes = new AtomicLong();
    private final CountDownLatch ready = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean stop;
    private volatile Throwable failure;

    ConsumerLoop(Supplier<Consumer<byte[], byte[]>> factory, String topic, int partitions, Corpus corpus,
            LatencyRecorder latency, AtomicLong consumed) {
        this.factory = factory;
        this.topic = topic;
        this.partitions = partitions;
        this.corpus = corpus;
        this.latency = latency;
        this.consumed = consumed;
        this.thread = new Thread(this::loop, "loadtest-consumer-" + topic);
        this.thread.setDaemon(true);
    }

    /** Starts the thread and waits until the consumer is assigned and positioned. */
    void start() throws InterruptedException {
        thread.start();
        if (!ready.await(60, TimeUnit.SECONDS) && failure == null) {
            throw new IllegalStateException("the consumer of " + topic + " did not start within 60 s");
        }
        if (failure != null) {
            throw new IllegalStateException("the consumer of " + topic + " failed: " + failure, failure);
        }
    }

    private void loop() {
        try (Consumer<byte[], byte[]> consumer = factory.get()) {
            List<TopicPartition> tps = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                tps.add(new TopicPartition(topic, p));
            }
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            for (TopicPartition tp : tps) {
                consumer.position(tp, Duration.ofSeconds(30));
            }
            ready.countDown();
            while (!stop) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                    // the producer set each record's timestamp to its send time (ms); every path keeps it
                    latency.record((System.currentTimeMillis() - r.timestamp()) * 1_000_000L);
                    if (!corpus.contains(r.value())) {
                        mismatches.incrementAndGet();
                    } else {
                        consumedBytes.addAndGet(r.value().length);
                    }
                    consumed.incrementAndGet();
                }
            }
        } catch (Throwable t) {
            failure = t;
        } finally {
            ready.countDown();
        }
    }

    /** Waits until {@code expected} records were consumed, the deadline passes or the consumer fails. */
    void awaitConsumed(long expected, long deadlineNanos) throws InterruptedException {
        while (consumed.get() < expected && System.nanoTime() < deadlineNanos && failure == null && thread.isAlive()) {
            Thread.sleep(10);
        }
    }

    /** Value bytes of the intact records consumed. */
    long consumedBytes() {
        return consumedBytes.get();
    }

    /** Records whose value is none of the corpus records. */
    long mismatches() {
        return mismatches.get();
    }

    /** Why the consumer stopped early, or null. */
    Throwable failure() {
        return failure;
    }

    @Override
    public void close() throws InterruptedException {
        stop = true;
        thread.join(30_000);
    }
}
