package io.tokenpress.processor.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenpress.processor.app.PipelineStage;
import io.tokenpress.processor.broker.EmbeddedKafkaBroker;
import io.tokenpress.processor.config.TokenpressConfig;
import io.tokenpress.processor.kafka.TopicProvisioner;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The processor as {@code tokenpress run} starts it serves its probes and metrics on {@code ops.http.port}. */
class OpsEndpointIT {
    private static final int RECORDS = 200;

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void servesReadinessAndKafkaStreamsAndTokenpressMetrics() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"))) {
            TokenpressConfig config = new TokenpressConfig(Map.of(
                    TokenpressConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    TokenpressConfig.APPLICATION_ID_CONFIG, "ops",
                    TokenpressConfig.INPUT_TOPIC_CONFIG, "ops-plain",
                    TokenpressConfig.OUTPUT_TOPIC_CONFIG, "ops-compressed",
                    TokenpressConfig.STATE_DIR_CONFIG, dir.resolve("state").toString(),
                    TokenpressConfig.CHUNK_MAX_RECORDS_CONFIG, "50",
                    TokenpressConfig.CHUNK_LINGER_MS_CONFIG, "100",
                    TokenpressConfig.OPS_HTTP_PORT_CONFIG, "0"));
            try (Admin admin = Admin.create(config.clientProperties())) {
                new TopicProvisioner(admin, config.topicMaxMessageBytes()).ensurePartitions(config.inputTopic(), 1, "test");
            }
            try (KafkaProducer<byte[], byte[]> producer = ItRecords.producer(broker.bootstrapServers())) {
                long base = System.currentTimeMillis();
                for (int i = 0; i < RECORDS; i++) {
                    ItRecords.send(producer, config.inputTopic(), 1, i, ItRecords.record(i, base));
                }
            }
            try (PipelineStage stage = PipelineStage.startProcessor(config)) {
                assertThat(stage.opsPort()).isPresent();
                int port = stage.opsPort().getAsInt();
                assertThat(port).isPositive();
                assertThat(stage.runner().awaitRunning(Duration.ofSeconds(60))).as("processor RUNNING").isTrue();

                HttpResponse<String> live = get(port, "/health/live");
                assertThat(live.statusCode()).isEqualTo(200);
                HttpResponse<String> ready = get(port, "/health/ready");
                assertThat(ready.statusCode()).isEqualTo(200);
                assertThat(ready.body()).contains("RUNNING");

                // every record in a chunk: 200 records at 50 per chunk
                String metrics = "";
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (value(metrics, "tokenpress_processor_chunks_total") < RECORDS / 50 && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                    metrics = get(port, "/metrics").body();
                }
                assertThat(value(metrics, "tokenpress_processor_chunks_total")).isGreaterThanOrEqualTo(RECORDS / 50);
                assertThat(value(metrics, "tokenpress_processor_compression_ratio")).isGreaterThan(1.0);
                assertThat(metrics)
                        .contains("# TYPE kafka_stream_thread_metrics_process_total counter")
                        .contains("tokenpress_processor_feedback_verified_total");
            }
        }
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(10)).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** The value of an unlabelled sample, or -1 when absent. */
    private static double value(String metrics, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + " (\\S+)$").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }
}
