package io.tokenpress.processor.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one Kafka Streams application and remembers why it stopped: an exception in a stream thread
 * shuts the whole client down (nothing is skipped) and is reported by {@link #failure()}.
 */
public final class StreamsRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamsRunner.class);

    private final String name;
    private final KafkaStreams streams;
    private final CountDownLatch running = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile Throwable failure;

    private StreamsRunner(String name, Topology topology, Properties props) {
        this.name = name;
        this.streams = new KafkaStreams(topology, props);
        streams.setUncaughtExceptionHandler(e -> {
            failure = e;
            LOG.error("{} stopped on an error: {}", name, rootMessage(e));
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.RUNNING) {
                running.countDown();
            }
            if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.NOT_RUNNING
                    || now == KafkaStreams.State.PENDING_SHUTDOWN || now == KafkaStreams.State.PENDING_ERROR) {
                running.countDown();
                stopped.countDown();
            }
        });
    }

    /** Creates and starts the application. */
    public static StreamsRunner start(String name, Topology topology, Properties props) {
        StreamsRunner r = new StreamsRunner(name, topology, props);
        r.streams.start();
        LOG.info("{} started (application.id {})", name, props.get("application.id"));
        return r;
    }

    /** Waits until the application is running (or has stopped); true when running. */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        running.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return streams.state() == KafkaStreams.State.RUNNING;
    }

    /** Blocks until the application stops (by {@link #close()} or on an error). */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    /** The error that stopped the application, or null. */
    public Throwable failure() {
        return failure;
    }

    public boolean isStopped() {
        return stopped.getCount() == 0;
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /** The metrics of the Kafka Streams client, its threads, tasks, stores and embedded clients (a live view). */
    public Map<MetricName, ? extends Metric> metrics() {
        return streams.metrics();
    }

    /** Message of the innermost cause, for one-line reports. */
    public static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            if (t instanceof io.tokenpress.codec.TokenpressException) {
                break;
            }
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(60));
        stopped.countDown();
        LOG.info("{} stopped", name);
    }
}
