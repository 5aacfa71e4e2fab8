package io.tokenpress.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

/**
 * A small HTTP server for the operations side of a Kafka Streams application (the processor or
 * replay): Kubernetes probes and Prometheus scraping.
 *
 * <ul>
 *   <li>{@code GET /health/live}: 200 unless Kafka Streams is {@code PENDING_ERROR}, {@code ERROR} or
 *       {@code NOT_RUNNING} (states a restart can cure), 503 then. The body is the state name.
 *   <li>{@code GET /health/ready}: 200 only in {@code RUNNING}; 503 while created, rebalancing (which
 *       includes restoring state stores), shutting down or failed.
 *   <li>{@code GET /metrics}: every metric of every source in the Prometheus text format, see
 *       {@link PrometheusText}.
 * </ul>
 *
 * <p>Typical use, next to {@code streams.start()}:
 *
 * <pre>{@code
 * try (OpsHttpServer ops = OpsHttpServer.start(new InetSocketAddress(8080), streams, tokenpressMetrics.registry())) {
 *     ...
 * }
 * }</pre>
 *
 * The server runs on one daemon thread and is stopped by {@link #close()}.
 */
public final class OpsHttpServer implements AutoCloseable {
    /** Liveness probe path. */
    public static final String LIVE_PATH = "/health/live";
    /** Readiness probe path. */
    public static final String READY_PATH = "/health/ready";
    /** Prometheus scrape path. */
    public static final String METRICS_PATH = "/metrics";
    /** The port the deployment files expect ({@code ops.http.port}). */
    public static final int DEFAULT_PORT = 8080;

    private final HttpServer server;
    private final ExecutorService executor;

    private OpsHttpServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Serves the state and metrics of {@code streams} plus those of the extra registries.
     *
     * @param address where to listen; port 0 picks a free port (see {@link #port()})
     * @param extra further metric registries, e.g. {@link TokenpressMetrics#registry()}
     * @throws UncheckedIOException if the address cannot be bound
     */
    public static OpsHttpServer start(
            InetSocketAddress address, KafkaStreams streams, org.apache.kafka.common.metrics.Metrics... extra) {
        Objects.requireNonNull(streams, "streams");
        List<Supplier<? extends Map<MetricName, ? extends Metric>>> sources = new ArrayList<>();
        sources.add(streams::metrics);
        for (org.apache.kafka.common.metrics.Metrics registry : extra) {
            sources.add(registry::metrics);
        }
        return start(address, streams::state, sources);
    }

    /**
     * The general form: any state supplier and metric sources (for tests and non-Streams uses).
     *
     * @param state the current Kafka Streams state, asked on every probe
     * @param sources metric maps, each asked on every scrape
     * @throws UncheckedIOException if the address cannot be bound
     */
    public static OpsHttpServer start(
            InetSocketAddress address,
            Supplier<KafkaStreams.State> state,
            List<Supplier<? extends Map<MetricName, ? extends Metric>>> sources) {
        Objects.requireNonNull(state, "state");
        List<Supplier<? extends Map<MetricName, ? extends Metric>>> metricSources = List.copyOf(sources);
        HttpServer server;
        try {
            server = HttpServer.create(address, 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen for health and metrics requests on " + address, e);
        }
        server.createContext(LIVE_PATH, ex -> {
            KafkaStreams.State s = state.get();
            respond(ex, isLive(s) ? 200 : 503, "text/plain; charset=utf-8", s + "\n");
        });
        server.createContext(READY_PATH, ex -> {
            KafkaStreams.State s = state.get();
            respond(ex, isReady(s) ? 200 : 503, "text/plain; charset=utf-8", s + "\n");
        });
        server.createContext(METRICS_PATH, ex -> {
            List<Map<MetricName, ? extends Metric>> maps = new ArrayList<>();
            for (Supplier<? extends Map<MetricName, ? extends Metric>> source : metricSources) {
                maps.add(source.get());
            }
            respond(ex, 200, PrometheusText.CONTENT_TYPE, PrometheusText.render(maps));
        });
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "tokenpress-ops-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.start();
        return new OpsHttpServer(server, executor);
    }

    /** Whether a pod in this state should be left running (liveness). */
    public static boolean isLive(KafkaStreams.State state) {
        return state != KafkaStreams.State.PENDING_ERROR
                && state != KafkaStreams.State.ERROR
                && state != KafkaStreams.State.NOT_RUNNING;
    }

    /** Whether an instance in this state is processing (readiness). */
    public static boolean isReady(KafkaStreams.State state) {
        return state == KafkaStreams.State.RUNNING;
    }

    /** The port the server listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private static void respond(HttpExchange ex, int status, String contentType, String body) throws IOException {
        try (ex) {
            if (!"GET".equals(ex.getRequestMethod()) && !"HEAD".equals(ex.getRequestMethod())) {
                ex.sendResponseHeaders(405, -1);
                return;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", contentType);
            boolean head = "HEAD".equals(ex.getRequestMethod());
            ex.sendResponseHeaders(status, head ? -1 : bytes.length);
            if (!head) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }
}
