package io.tokenpress.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KafkaStreams.State;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpsHttpServerTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void probesFollowTheStreamsState() throws Exception {
        AtomicReference<State> state = new AtomicReference<>(State.CREATED);
        try (OpsHttpServer ops = OpsHttpServer.start(new InetSocketAddress("127.0.0.1", 0), state::get, List.of())) {
            assertThat(get(ops, "/health/live").statusCode()).isEqualTo(200);
            assertThat(get(ops, "/health/ready").statusCode()).isEqualTo(503);

            state.set(State.REBALANCING);
            assertThat(get(ops, "/health/ready").statusCode()).isEqualTo(503);

            state.set(State.RUNNING);
            HttpResponse<String> ready = get(ops, "/health/ready");
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(ready.body()).isEqualTo("RUNNING\n");

            state.set(State.ERROR);
            assertThat(get(ops, "/health/live").statusCode()).isEqualTo(503);
            assertThat(get(ops, "/health/ready").statusCode()).isEqualTo(503);
        }
    }

    @Test
    void metricsExposeTokenpressMeasurementsInPrometheusFormat() throws Exception {
        try (TokenpressMetrics metrics = new TokenpressMetrics();
                OpsHttpServer ops = OpsHttpServer.start(
                        new InetSocketAddress("127.0.0.1", 0), () -> State.RUNNING, List.of(metrics.registry()::metrics))) {
            metrics.recordChunk(1000, 250, false, 2_000_000);
            metrics.recordChunk(1000, 250, true, 4_000_000);
            metrics.modelInUse("json@1a2b3c4d");

            HttpResponse<String> r = get(ops, "/metrics");

            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValue(PrometheusText.CONTENT_TYPE);
            assertThat(r.body())
                    .contains("# TYPE tokenpress_processor_chunks_total counter\ntokenpress_processor_chunks_total 2\n")
                    .contains("\ntokenpress_processor_compression_ratio 4\n")
                    .contains("\ntokenpress_processor_fallback_ratio 0.5\n")
                    .contains("\ntokenpress_processor_model_info{model=\"json@1a2b3c4d\"} 1\n")
                    .contains("\ntokenpress_processor_chunk_latency_max_ms 4\n");

            metrics.modelInUse("text@00ff");
            assertThat(get(ops, "/metrics").body())
                    .contains("tokenpress_processor_model_info{model=\"text@00ff\"} 1")
                    .doesNotContain("json@1a2b3c4d");
        }
    }

    @Test
    void servesARealKafkaStreamsClientsStateAndMetrics(@TempDir Path stateDir) throws Exception {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("in").to("out");
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "ops-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:1"); // never started, never connects
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        try (KafkaStreams streams = new KafkaStreams(builder.build(), props);
                TokenpressMetrics metrics = new TokenpressMetrics();
                OpsHttpServer ops = OpsHttpServer.start(new InetSocketAddress("127.0.0.1", 0), streams, metrics.registry())) {
            assertThat(get(ops, OpsHttpServer.LIVE_PATH).statusCode()).isEqualTo(200);
            HttpResponse<String> ready = get(ops, OpsHttpServer.READY_PATH);
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).isEqualTo("CREATED\n");
            assertThat(get(ops, OpsHttpServer.METRICS_PATH).body())
                    .contains("kafka_stream_metrics_state_info{client_id=")
                    .contains("# TYPE tokenpress_processor_chunks_total counter");
        }
    }

    private HttpResponse<String> get(OpsHttpServer ops, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ops.port() + path)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
