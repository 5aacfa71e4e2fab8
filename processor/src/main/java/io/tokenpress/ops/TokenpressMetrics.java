package io.tokenpress.ops;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.Avg;
import org.apache.kafka.common.metrics.stats.CumulativeCount;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.apache.kafka.common.metrics.stats.Max;
import org.apache.kafka.common.metrics.stats.Rate;
import org.apache.kafka.common.metrics.stats.WindowedCount;

/**
 * What the processor measures per chunk, in a Kafka {@link Metrics} registry that
 * {@link OpsHttpServer} exports. Group {@value #GROUP}; Prometheus names in brackets:
 *
 * <ul>
 *   <li>{@code chunks-total}, {@code chunk-rate} ({@code tokenpress_processor_chunks_total}, ...)
 *   <li>{@code original-bytes-total}, {@code compressed-bytes-total}: chunk value bytes before, envelope bytes after
 *   <li>{@code compression-ratio}: original over compressed bytes since start
 *   <li>{@code fallback-total}, {@code fallback-ratio}: chunks the neural codec was configured for but
 *       that were written as zstd or raw because those were smaller, and their share of all chunks
 *   <li>{@code model-info{model="..."}}: 1 for the model new chunks are written with
 *   <li>{@code chunk-latency-avg-ms}, {@code chunk-latency-max-ms}: encode time per chunk (30 s windows)
 *   <li>whatever {@link #exportCounters} adds, e.g. the feedback loop's {@code feedback-*-total},
 *       among them {@code feedback-mismatches-total}: sampled verification decodes that did not give
 *       the original bytes back (must stay 0; any other value is a bug to report)
 * </ul>
 *
 * <p>{@link MetricsChunkInterceptor} records every chunk the processor writes.
 *
 * Thread-safe: Kafka sensors synchronise internally.
 */
public final class TokenpressMetrics implements AutoCloseable {
    /** The metric group of every tokenpress processor metric. */
    public static final String GROUP = "tokenpress-processor";

    private final Metrics registry;
    private final Sensor chunks;
    private final Sensor originalBytes;
    private final Sensor compressedBytes;
    private final Sensor fallbacks;
    private final Sensor latency;
    private MetricName modelMetric;

    /** A registry of its own, with Kafka's default windows (2 samples of 30 s). */
    public TokenpressMetrics() {
        this(new Metrics());
    }

    /** Registers the metrics in {@code registry}, which this object then owns and closes. */
    public TokenpressMetrics(Metrics registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
        chunks = registry.sensor("tokenpress-chunks");
        chunks.add(name("chunks-total", "Chunks written."), new CumulativeCount());
        chunks.add(name("chunk-rate", "Chunks written per second."), new Rate(TimeUnit.SECONDS, new WindowedCount()));
        originalBytes = registry.sensor("tokenpress-original-bytes");
        originalBytes.add(name("original-bytes-total", "Bytes of the original records (values, keys, headers) chunked."), new CumulativeSum());
        compressedBytes = registry.sensor("tokenpress-compressed-bytes");
        compressedBytes.add(name("compressed-bytes-total", "Bytes of the chunks written."), new CumulativeSum());
        fallbacks = registry.sensor("tokenpress-fallbacks");
        fallbacks.add(name("fallback-total", "Chunks written with zstd or raw because the neural code was larger."), new CumulativeCount());
        latency = registry.sensor("tokenpress-chunk-latency");
        latency.add(name("chunk-latency-avg-ms", "Average time to encode a chunk, milliseconds."), new Avg());
        latency.add(name("chunk-latency-max-ms", "Longest time to encode a chunk, milliseconds."), new Max());
        registry.addMetric(name("compression-ratio", "Original bytes over compressed bytes since start."),
                (Gauge<Double>) (config, now) -> ratio(total("original-bytes-total"), total("compressed-bytes-total")));
        registry.addMetric(name("fallback-ratio", "Share of chunks written with a fallback codec since start."),
                (Gauge<Double>) (config, now) -> share(total("fallback-total"), total("chunks-total")));
    }

    /**
     * Records one chunk written.
     *
     * @param originalBytes bytes of the records in the chunk
     * @param compressedBytes bytes of the chunk written
     * @param fallback true when the configured neural codec lost to zstd or raw for this chunk
     * @param encodeNanos time spent encoding it
     */
    public void recordChunk(long originalBytes, long compressedBytes, boolean fallback, long encodeNanos) {
        chunks.record();
        this.originalBytes.record(originalBytes);
        this.compressedBytes.record(compressedBytes);
        if (fallback) {
            fallbacks.record();
        }
        latency.record(encodeNanos / 1e6);
    }

    /** Sets the model new chunks are written with (its name or id); replaces the previous one. */
    public synchronized void modelInUse(String model) {
        if (modelMetric != null && model.equals(modelMetric.tags().get("model"))) {
            return;
        }
        if (modelMetric != null) {
            registry.removeMetric(modelMetric);
        }
        modelMetric = registry.metricName("model-info", GROUP, "The model new chunks are written with.", Map.of("model", model));
        registry.addMetric(modelMetric, (Gauge<Integer>) (config, now) -> 1);
    }

    /**
     * Exports counters kept elsewhere, e.g. {@code FeedbackMetrics.global()::snapshot}, as metrics of
     * this group under their own names ({@code feedback-mismatches-total} becomes
     * {@code tokenpress_processor_feedback_mismatches_total}). The names are read once, now; each
     * scrape reads the values.
     */
    public void exportCounters(Supplier<? extends Map<String, ? extends Number>> counters) {
        for (String key : counters.get().keySet()) {
            registry.addMetric(name(key, "Exported counter " + key + "."), (Gauge<Double>) (config, now) -> {
                Number v = counters.get().get(key);
                return v == null ? Double.NaN : v.doubleValue();
            });
        }
    }

    /** The registry, for {@link OpsHttpServer#start}. */
    public Metrics registry() {
        return registry;
    }

    @Override
    public void close() {
        registry.close();
    }

    private MetricName name(String name, String doc) {
        return registry.metricName(name, GROUP, doc);
    }

    private double total(String name) {
        Object v = registry.metric(registry.metricName(name, GROUP)).metricValue();
        return ((Number) v).doubleValue();
    }

    private static double ratio(double original, double compressed) {
        return compressed == 0 ? 0.0 : original / compressed;
    }

    private static double share(double part, double whole) {
        return whole == 0 ? 0.0 : part / whole;
    }
}
