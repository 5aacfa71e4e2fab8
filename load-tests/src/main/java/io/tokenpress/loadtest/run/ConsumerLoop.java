package io.tokenpress.loadtest.run;

import io.tokenpress.loadtest.measure.LatencyRecorder;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

/**
 * Reads a topic on its own thread from the beginning (assigned partitions, no consumer group), and
 * for every record: the end-to-end latency from the send time header, and whether the value is the
 * corpus record its sequence header names (the lossless check).
 */
final class ConsumerLoop implements AutoCloseable {
    private final Supplier<Consumer<byte[], byte[]>> factory;
    private final String topic;
    private final int partitions;
    private final Corpus corpus;
    private final LatencyRecorder latency;
    private final AtomicLong consumed;
    private final AtomicLong mismatches = new AtomicLong();
    private final AtomicLong missingHeaders = new AtomicLong();
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
                    long now = System.nanoTime();
                    Header h = r.headers().lastHeader(ScenarioRunner.HEADER);
                    if (h == null || h.value() == null || h.value().length != 2 * Long.BYTES) {
                        missingHeaders.incrementAndGet();
                    } else {
                        ByteBuffer b = ByteBuffer.wrap(h.value());
                        long seq = b.getLong();
                        latency.record(now - b.getLong());
                        if (!Arrays.equals(r.value(), corpus.record(seq))) {
                            mismatches.incrementAndGet();
                        }
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

    /** Records whose value differed from the record sent. */
    long mismatches() {
        return mismatches.get();
    }

    /** Records without the load test's headers (their latency and content could not be checked). */
    long missingHeaders() {
        return missingHeaders.get();
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
