package io.tokenpress.serdes.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

/**
 * A tiny in-memory server of the Confluent Schema Registry REST API for unit tests (the integration tests
 * use a real Apicurio Registry). Backward compatibility is checked with Avro's own rules.
 */
public final class FakeSchemaRegistry implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern REGISTER = Pattern.compile("/subjects/([^/]+)/versions");
    private static final Pattern BY_ID = Pattern.compile("/schemas/ids/(-?\\d+)");
    private static final Pattern LOOKUP = Pattern.compile("/subjects/([^/]+)");
    private static final Pattern COMPAT = Pattern.compile("/compatibility/subjects/([^/]+)/versions/latest");

    private final HttpServer server;
    private final Map<Integer, String> schemas = new ConcurrentHashMap<>();
    private final Map<String, List<Integer>> subjects = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile String requiredAuthorization;

    public FakeSchemaRegistry() throws IOException {
        this(null);
    }

    /** Serves HTTPS with {@code tls} when it is not null. */
    public FakeSchemaRegistry(SSLContext tls) throws IOException {
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", 0);
        if (tls == null) {
            server = HttpServer.create(address, 0);
        } else {
            HttpsServer https = HttpsServer.create(address, 0);
            https.setHttpsConfigurator(new HttpsConfigurator(tls));
            server = https;
        }
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        String scheme = server instanceof HttpsServer ? "https" : "http";
        return scheme + "://127.0.0.1:" + server.getAddress().getPort();
    }

    public int requests() {
        return requests.get();
    }

    /** Requires this exact Authorization header from now on. */
    public void requireAuthorization(String header) {
        this.requiredAuthorization = header;
    }

    private void handle(HttpExchange ex) throws IOException {
        requests.incrementAndGet();
        try {
            if (requiredAuthorization != null
                    && !requiredAuthorization.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                reply(ex, 401, error(401, "Unauthorized"));
                return;
            }
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            Matcher m;
            if ("POST".equals(method) && (m = REGISTER.matcher(path)).matches()) {
                reply(ex, 200, JSON.createObjectNode().put("id", register(m.group(1), schemaOf(ex))));
            } else if ("GET".equals(method) && (m = BY_ID.matcher(path)).matches()) {
                String s = schemas.get(Integer.parseInt(m.group(1)));
                reply(ex, s == null ? 404 : 200, s == null ? error(40403, "Schema not found")
                        : JSON.createObjectNode().put("schema", s));
            } else if ("POST".equals(method) && (m = COMPAT.matcher(path)).matches()) {
                List<Integer> versions = subjects.get(m.group(1));
                if (versions == null) {
                    reply(ex, 404, error(40401, "Subject '" + m.group(1) + "' not found."));
                    return;
                }
                Schema latest = new Schema.Parser().parse(schemas.get(versions.get(versions.size() - 1)));
                boolean ok = SchemaCompatibility.checkReaderWriterCompatibility(schemaOf(ex), latest).getType()
                        == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE;
                reply(ex, 200, JSON.createObjectNode().put("is_compatible", ok));
            } else if ("POST".equals(method) && (m = LOOKUP.matcher(path)).matches()) {
                List<Integer> versions = subjects.get(m.group(1));
                String wanted = schemaOf(ex).toString();
                if (versions == null) {
                    reply(ex, 404, error(40401, "Subject '" + m.group(1) + "' not found."));
                    return;
                }
                for (int i = 0; i < versions.size(); i++) {
                    if (schemas.get(versions.get(i)).equals(wanted)) {
                        reply(ex, 200, JSON.createObjectNode().put("subject", m.group(1)).put("id", versions.get(i))
                                .put("version", i + 1).put("schema", wanted));
                        return;
                    }
                }
                reply(ex, 404, error(40403, "Schema not found"));
            } else {
                reply(ex, 404, error(404, "no route " + method + " " + path));
            }
        } catch (RuntimeException e) {
            reply(ex, 500, error(50001, e.toString()));
        }
    }

    private synchronized int register(String subject, Schema schema) {
        String text = schema.toString();
        int id = schemas.entrySet().stream().filter(e -> e.getValue().equals(text)).map(Map.Entry::getKey)
                .findFirst().orElseGet(() -> {
                    int next = schemas.size() + 1;
                    schemas.put(next, text);
                    return next;
                });
        List<Integer> versions = subjects.computeIfAbsent(subject, s -> new ArrayList<>());
        if (!versions.contains(id)) {
            versions.add(id);
        }
        return id;
    }

    private static Schema schemaOf(HttpExchange ex) throws IOException {
        JsonNode body = JSON.readTree(ex.getRequestBody().readAllBytes());
        return new Schema.Parser().parse(body.get("schema").asText());
    }

    private static ObjectNode error(int code, String message) {
        return JSON.createObjectNode().put("error_code", code).put("message", message);
    }

    private static void reply(HttpExchange ex, int status, JsonNode body) throws IOException {
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/vnd.schemaregistry.v1+json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
