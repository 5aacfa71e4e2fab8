package io.tokenpress.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenpress.codec.Codecs;
import io.tokenpress.processor.chunk.ChunkWriter;
import io.tokenpress.processor.chunking.ChunkInterceptor;
import io.tokenpress.serdes.ChunkRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class MetricsChunkInterceptorTest {

    @Test
    void recordsWhatIsForwardedAndCountsNonNeuralChunksAsFallbacksWhenNeuralIsConfigured() {
        List<ChunkRecord> records = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            records.add(new ChunkRecord(null, ("{\"n\":" + i + ",\"text\":\"the same words again\"}").getBytes(StandardCharsets.UTF_8),
                    1000 + i, new RecordHeaders(), i));
        }
        ChunkWriter.Written written = new ChunkWriter(Codecs.zstd(3)).write(records);
        try (TokenpressMetrics metrics = new TokenpressMetrics()) {
            MetricsChunkInterceptor interceptor = new MetricsChunkInterceptor(ChunkInterceptor.NONE, metrics, true);

            ChunkWriter.Written out = interceptor.intercept(new ChunkInterceptor.Chunk(0, records, written, 3_000_000));

            assertThat(out).isSameAs(written);
            assertThat(value(metrics, "chunks-total")).isEqualTo(1);
            assertThat(value(metrics, "original-bytes-total")).isEqualTo(written.block().originalLength());
            assertThat(value(metrics, "compressed-bytes-total")).isEqualTo(written.envelope().length);
            assertThat(value(metrics, "compression-ratio"))
                    .isEqualTo((double) written.block().originalLength() / written.envelope().length);
            assertThat(value(metrics, "fallback-total")).as("zstd chunk while neural is configured").isEqualTo(1);
            assertThat(value(metrics, "chunk-latency-max-ms")).isEqualTo(3.0);
        }
    }

    @Test
    void exportsCountersKeptElsewhere() {
        Map<String, Long> counters = new java.util.HashMap<>(Map.of("feedback-mismatches-total", 0L));
        try (TokenpressMetrics metrics = new TokenpressMetrics()) {
            metrics.exportCounters(() -> counters);
            counters.put("feedback-mismatches-total", 7L);
            assertThat(value(metrics, "feedback-mismatches-total")).isEqualTo(7);
            assertThat(PrometheusText.render(List.of(metrics.registry().metrics())))
                    .contains("# TYPE tokenpress_processor_feedback_mismatches_total counter\ntokenpress_processor_feedback_mismatches_total 7\n");
        }
    }

    private static double value(TokenpressMetrics metrics, String name) {
        MetricName n = metrics.registry().metricName(name, TokenpressMetrics.GROUP);
        return ((Number) metrics.registry().metric(n).metricValue()).doubleValue();
    }
}
