package io.tokenpress.serdes.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLContext;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * A {@link SchemaRegistryClient} over HTTP(S) with {@link HttpClient} and Jackson.
 *
 * <p>Several base URLs may be given: a request that cannot reach one is tried on the next. Answers the
 * registry gives (errors included) are not retried. Schemas by id and ids of registered schemas are cached
 * (they never change); the caches are cleared when they reach the configured capacity.
 *
 * <pre>{@code
 * try (SchemaRegistryClient registry = RestSchemaRegistryClient.builder()
 *         .setUrls(List.of("http://localhost:8081/apis/ccompat/v7"))
 *         .optBasicAuth("user", "secret")
 *         .build()) {
 *     int id = registry.register("orders-value", schema);
 * }
 * }</pre>
 */
public final class RestSchemaRegistryClient implements SchemaRegistryClient {
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<URI> baseUrls;
    private final String authorization;
    private final Duration requestTimeout;
    private final int cacheCapacity;
    private final HttpClient http;
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final Map<String, Integer> idsBySubjectAndSchema = new ConcurrentHashMap<>();

    private RestSchemaRegistryClient(Builder b) {
        this.baseUrls = b.urls;
        this.authorization = b.authorization;
        this.requestTimeout = b.requestTimeout;
        this.cacheCapacity = b.cacheCapacity;
        HttpClient.Builder hb = HttpClient.newBuilder().connectTimeout(b.requestTimeout);
        if (b.sslContext != null) {
            hb.sslContext(b.sslContext);
        }
        this.http = hb.build();
    }

    /** A builder: {@code setUrls} is required, the rest optional. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public int register(String subject, Schema schema) {
        String key = cacheKey(subject, schema);
        Integer cached = idsBySubjectAndSchema.get(key);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = post("/subjects/" + encode(subject) + "/versions", schemaBody(schema),
                "registering a schema under subject '" + subject + "'");
        int id = requireInt(answer, "id", "register");
        remember(idsBySubjectAndSchema, key, id);
        remember(schemasById, id, schema);
        return id;
    }

    @Override
    public Schema schemaById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = get("/schemas/ids/" + id, "fetching schema id " + id);
        String type = answer.path("schemaType").asText("AVRO");
        if (!"AVRO".equalsIgnoreCase(type)) {
            throw new SchemaRegistryException("schema id " + id + " is a " + type + " schema, not Avro", 200, -1);
        }
        String text = answer.path("schema").asText(null);
        if (text == null) {
            throw new SchemaRegistryException("the registry's answer for schema id " + id + " has no 'schema' field",
                    200, -1);
        }
        Schema schema;
        try {
            schema = new Schema.Parser().parse(text);
        } catch (SchemaParseException e) {
            throw new SchemaRegistryException("schema id " + id + " is not a valid Avro schema: " + e.getMessage(), e);
        }
        remember(schemasById, id, schema);
        return schema;
    }

    @Override
    public int lookup(String subject, Schema schema) {
        String key = cacheKey(subject, schema);
        Integer cached = idsBySubjectAndSchema.get(key);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = post("/subjects/" + encode(subject), schemaBody(schema),
                "looking up a schema under subject '" + subject + "'");
        int id = requireInt(answer, "id", "lookup");
        remember(idsBySubjectAndSchema, key, id);
        return id;
    }

    @Override
    public boolean isCompatible(String subject, Schema schema) {
        try {
            JsonNode answer = post("/compatibility/subjects/" + encode(subject) + "/versions/latest", schemaBody(schema),
                    "checking compatibility with subject '" + subject + "'");
            JsonNode flag = answer.get("is_compatible");
            if (flag == null || !flag.isBoolean()) {
                throw new SchemaRegistryException("the registry's compatibility answer has no boolean 'is_compatible': "
                        + answer, 200, -1);
            }
            return flag.booleanValue();
        } catch (SchemaRegistryException e) {
            if (e.isNotFound() && (e.errorCode() == SchemaRegistryException.SUBJECT_NOT_FOUND
                    || e.errorCode() == SchemaRegistryException.VERSION_NOT_FOUND)) {
                return true; // nothing registered yet: every schema is compatible
            }
            throw e;
        }
    }

    private JsonNode get(String path, String what) {
        return send(path, HttpRequest.Builder::GET, what);
    }

    private JsonNode post(String path, String body, String what) {
        return send(path, b -> b.header("Content-Type", CONTENT_TYPE)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)), what);
    }

    /** Sends the request to the first base URL that can be reached; the registry's answer is not retried. */
    private JsonNode send(String path, UnaryOperator<HttpRequest.Builder> method, String what) {
        IOException lastFailure = null;
        for (URI base : baseUrls) {
            HttpRequest.Builder b = HttpRequest.newBuilder(resolve(base, path))
                    .timeout(requestTimeout)
                    .header("Accept", CONTENT_TYPE + ", application/json");
            if (authorization != null) {
                b.header("Authorization", authorization);
            }
            HttpResponse<String> res;
            try {
                res = http.send(method.apply(b).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                lastFailure = e;
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SchemaRegistryException("interrupted while " + what + " at " + base, e);
            }
            return parse(res, base, what);
        }
        throw new SchemaRegistryException("cannot reach the schema registry at " + baseUrls + " while " + what + ": "
                + lastFailure, lastFailure);
    }

    private static JsonNode parse(HttpResponse<String> res, URI base, String what) {
        JsonNode json;
        try {
            json = res.body() == null || res.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(res.body());
        } catch (IOException e) {
            json = null;
        }
        int status = res.statusCode();
        if (status >= 200 && status < 300) {
            if (json == null) {
                throw new SchemaRegistryException("the schema registry at " + base + " answered " + what
                        + " with a body that is not JSON: " + abbreviate(res.body()), status, -1);
            }
            return json;
        }
        int errorCode = json == null ? -1 : json.path("error_code").asInt(-1);
        String message = json == null ? abbreviate(res.body()) : json.path("message").asText(abbreviate(res.body()));
        String hint = status == 401 || status == 403 ? " (check " + "schema.registry.basic.auth.user.info)" : "";
        throw new SchemaRegistryException("the schema registry at " + base + " refused " + what + ": HTTP " + status
                + (errorCode >= 0 ? ", error " + errorCode : "") + ": " + message + hint, status, errorCode);
    }

    private static String abbreviate(String s) {
        if (s == null) {
            return "";
        }
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }

    private static int requireInt(JsonNode answer, String field, String op) {
        JsonNode n = answer.get(field);
        if (n == null || !n.canConvertToInt()) {
            throw new SchemaRegistryException("the schema registry's " + op + " answer has no integer '" + field
                    + "': " + abbreviate(answer.toString()), 200, -1);
        }
        return n.intValue();
    }

    private static String schemaBody(Schema schema) {
        ObjectNode body = JSON.createObjectNode();
        body.put("schema", schema.toString());
        return body.toString();
    }

    private static URI resolve(URI base, String path) {
        String b = base.toString();
        return URI.create(b.endsWith("/") ? b.substring(0, b.length() - 1) + path : b + path);
    }

    private static String encode(String pathSegment) {
        return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String cacheKey(String subject, Schema schema) {
        return subject + '\u0000' + schema.toString();
    }

    private <K, V> void remember(Map<K, V> cache, K key, V value) {
        if (cache.size() >= cacheCapacity) {
            cache.clear();
        }
        cache.put(key, value);
    }

    @Override
    public void close() {
        // HttpClient has no close() before Java 21; its threads end when it is unreachable.
    }

    /** Builds a {@link RestSchemaRegistryClient}: required {@code setUrls}, optional {@code optX}. */
    public static final class Builder {
        private List<URI> urls;
        private String authorization;
        private SSLContext sslContext;
        private Duration requestTimeout = Duration.ofSeconds(30);
        private int cacheCapacity = 1000;

        private Builder() {}

        /** Base URLs of the registry, e.g. {@code http://host:8081} or {@code http://host:8080/apis/ccompat/v7}. */
        public Builder setUrls(List<String> urls) {
            List<URI> parsed = new ArrayList<>();
            for (String u : Objects.requireNonNull(urls, "urls")) {
                URI uri;
                try {
                    uri = URI.create(u.trim());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("invalid schema registry URL '" + u + "': " + e.getMessage(), e);
                }
                if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
                    throw new IllegalArgumentException("schema registry URL '" + u + "' is not http(s)");
                }
                parsed.add(uri);
            }
            this.urls = List.copyOf(parsed);
            return this;
        }

        /** HTTP basic authentication. */
        public Builder optBasicAuth(String user, String password) {
            String token = user + ":" + password;
            this.authorization = "Basic " + Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8));
            return this;
        }

        /** TLS settings (trust store, client certificate) for https URLs; the JVM default otherwise. */
        public Builder optSslContext(SSLContext sslContext) {
            this.sslContext = sslContext;
            return this;
        }

        /** Timeout of each request and of connecting (default 30 s). */
        public Builder optRequestTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("request timeout must be positive: " + timeout);
            }
            this.requestTimeout = timeout;
            return this;
        }

        /** Entries per cache (default 1000). */
        public Builder optCacheCapacity(int capacity) {
            if (capacity < 1) {
                throw new IllegalArgumentException("cache capacity must be positive: " + capacity);
            }
            this.cacheCapacity = capacity;
            return this;
        }

        /**
         * @throws IllegalStateException if no URL was set
         */
        public RestSchemaRegistryClient build() {
            if (urls == null || urls.isEmpty()) {
                throw new IllegalStateException("at least one schema registry URL is required");
            }
            return new RestSchemaRegistryClient(this);
        }
    }
}
