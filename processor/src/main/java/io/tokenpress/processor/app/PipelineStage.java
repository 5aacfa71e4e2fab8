package io.tokenpress.processor.app;

import io.tokenpress.ops.MetricsChunkInterceptor;
import io.tokenpress.ops.OpsHttpServer;
import io.tokenpress.ops.TokenpressMetrics;
import io.tokenpress.processor.config.TokenpressConfig;
import io.tokenpress.processor.feedback.FeedbackMetrics;
import io.tokenpress.processor.kafka.StreamsRunner;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One stage of a pipeline as {@code tokenpress run} and {@code tokenpress replay} run it: the Kafka
 * Streams application ({@link Pipeline}) and, unless {@code ops.http.port} is -1, its health and
 * metrics server ({@link OpsHttpServer}: {@code /health/live}, {@code /health/ready}, {@code /metrics}).
 * The processor's {@code /metrics} adds {@link TokenpressMetrics} (every chunk written, recorded by a
 * {@link MetricsChunkInterceptor} around the feedback interceptor, and the {@link FeedbackMetrics}
 * counters) to the Kafka Streams metrics; replay's has the Kafka Streams metrics only.
 *
 * <p>{@link #close()} stops the server, then the application.
 */
public final class PipelineStage implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PipelineStage.class);

    private final StreamsRunner runner;
    private final OpsHttpServer ops;
    private final TokenpressMetrics metrics;

    private PipelineStage(StreamsRunner runner, OpsHttpServer ops, TokenpressMetrics metrics) {
        this.runner = runner;
        this.ops = ops;
        this.metrics = metrics;
    }

    /**
     * Starts the chunking processor ({@link Pipeline#startProcessor}) and its ops server.
     *
     * @throws io.tokenpress.processor.kafka.TopicSetupException if the topics do not fit (see there)
     * @throws java.io.UncheckedIOException if {@code ops.http.port} cannot be bound (the processor is stopped again)
     */
    public static PipelineStage startProcessor(TokenpressConfig config) {
        TokenpressMetrics metrics = new TokenpressMetrics();
        try {
            metrics.exportCounters(FeedbackMetrics.global()::snapshot);
            boolean neural = "neural".equals(config.getString(TokenpressConfig.CODEC_CONFIG));
            StreamsRunner runner = Pipeline.startProcessor(config, next -> new MetricsChunkInterceptor(next, metrics, neural));
            return withOps("processor", config, runner, metrics);
        } catch (RuntimeException e) {
            metrics.close();
            throw e;
        }
    }

    /**
     * Starts replay ({@link Pipeline#startReplay}) and its ops server.
     *
     * @throws java.io.UncheckedIOException if {@code ops.http.port} cannot be bound (replay is stopped again)
     */
    public static PipelineStage startReplay(TokenpressConfig config) {
        return withOps("replay", config, Pipeline.startReplay(config), null);
    }

    private static PipelineStage withOps(String what, TokenpressConfig config, StreamsRunner runner, TokenpressMetrics metrics) {
        int port = config.opsHttpPort();
        if (port < 0) {
            return new PipelineStage(runner, null, metrics);
        }
        List<Supplier<? extends Map<MetricName, ? extends Metric>>> sources = new ArrayList<>();
        sources.add(runner::metrics);
        if (metrics != null) {
            sources.add(metrics.registry()::metrics);
        }
        try {
            OpsHttpServer ops = OpsHttpServer.start(new InetSocketAddress(port), runner::state, sources);
            LOG.info("tokenpress {}: health and metrics on port {} ({}, {}, {})", what, ops.port(),
                    OpsHttpServer.LIVE_PATH, OpsHttpServer.READY_PATH, OpsHttpServer.METRICS_PATH);
            return new PipelineStage(runner, ops, metrics);
        } catch (RuntimeException e) {
            runner.close();
            throw e;
        }
    }

    /** The running Kafka Streams application. */
    public StreamsRunner runner() {
        return runner;
    }

    /** The port of the health and metrics server; empty when {@code ops.http.port} is -1. */
    public OptionalInt opsPort() {
        return ops == null ? OptionalInt.empty() : OptionalInt.of(ops.port());
    }

    @Override
    public void close() {
        try {
            if (ops != null) {
                ops.close();
            }
        } finally {
            try {
                runner.close();
            } finally {
                if (metrics != null) {
                    metrics.close();
                }
            }
        }
    }
}
