package io.tokenpress.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.Metrics;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {

    @Test
    void kafkaMetricsGetAPrefixLabelsAndOneTypeLinePerFamily() {
        try (Metrics m = new Metrics()) {
            m.addMetric(m.metricName("process-rate", "stream-thread-metrics", "Records per second.", Map.of("thread-id", "t-1")),
                    (Gauge<Double>) (c, now) -> 2.5);
            m.addMetric(m.metricName("process-rate", "stream-thread-metrics", "Records per second.", Map.of("thread-id", "t-2")),
                    (Gauge<Double>) (c, now) -> Double.NaN);
            m.addMetric(m.metricName("state", "stream-metrics", "Client state.", Map.of("client-id", "a\"b")),
                    (Gauge<String>) (c, now) -> "RUNNING");

            String text = PrometheusText.render(List.of(m.metrics()));

            assertThat(text).contains("# HELP kafka_stream_thread_metrics_process_rate Records per second.\n"
                    + "# TYPE kafka_stream_thread_metrics_process_rate gauge\n"
                    + "kafka_stream_thread_metrics_process_rate{thread_id=\"t-1\"} 2.5\n"
                    + "kafka_stream_thread_metrics_process_rate{thread_id=\"t-2\"} NaN\n");
            assertThat(text).contains("kafka_stream_metrics_state_info{client_id=\"a\\\"b\",value=\"RUNNING\"} 1\n");
            // every sample line is "name{labels} value" or "name value"
            for (String line : text.split("\n")) {
                if (!line.startsWith("#")) {
                    assertThat(line).matches("[a-zA-Z_][a-zA-Z0-9_]*(\\{.*\\})? \\S+");
                }
            }
        }
    }

    @Test
    void namesAreSanitised() {
        assertThat(PrometheusText.familyName(new MetricName("bytes-total", "tokenpress-processor", "", Map.of())))
                .isEqualTo("tokenpress_processor_bytes_total");
        assertThat(PrometheusText.sanitize("1a.b-c")).isEqualTo("_a_b_c");
        assertThat(PrometheusText.format(3.0)).isEqualTo("3");
        assertThat(PrometheusText.format(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
    }
}
