package io.tokenpress.serdes.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RestSchemaRegistryClientTest {
    private static final Schema V1 = SchemaBuilder.record("Thing").namespace("test").fields()
            .requiredString("name").endRecord();
    private static final Schema V2 = SchemaBuilder.record("Thing").namespace("test").fields()
            .requiredString("name").name("size").type().intType().intDefault(0).endRecord();
    private static final Schema V2_NO_DEFAULT = SchemaBuilder.record("Thing").namespace("test").fields()
            .requiredString("name").requiredInt("size").endRecord();

    private FakeSchemaRegistry server;
    private RestSchemaRegistryClient client;

    @BeforeEach
    void start() throws IOException {
        server = new FakeSchemaRegistry();
        client = RestSchemaRegistryClient.builder().setUrls(List.of(server.url())).build();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void registersFetchesAndLooksUp() {
        int id = client.register("things-value", V1);
        assertThat(client.register("things-value", V1)).isEqualTo(id);
        assertThat(client.lookup("things-value", V1)).isEqualTo(id);

        RestSchemaRegistryClient fresh = RestSchemaRegistryClient.builder().setUrls(List.of(server.url())).build();
        assertThat(fresh.schemaById(id)).isEqualTo(V1);
        assertThat(fresh.lookup("things-value", V1)).isEqualTo(id);
    }

    @Test
    void cachesWhatNeverChanges() {
        int id = client.register("things-value", V1);
        int before = server.requests();
        client.register("things-value", V1);
        client.schemaById(id);
        client.lookup("things-value", V1);
        assertThat(server.requests()).isEqualTo(before);
    }

    @Test
    void checksCompatibility() {
        assertThat(client.isCompatible("things-value", V1)).as("empty subject accepts anything").isTrue();
        client.register("things-value", V1);
        assertThat(client.isCompatible("things-value", V2)).isTrue();
        assertThat(client.isCompatible("things-value", V2_NO_DEFAULT)).isFalse();
    }

    @Test
    void notFoundErrorsCarryTheRegistryCodes() {
        assertThatThrownBy(() -> client.schemaById(42))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(404);
                    assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SCHEMA_NOT_FOUND);
                    assertThat(e.isNotFound()).isTrue();
                })
                .hasMessageContaining("fetching schema id 42")
                .hasMessageContaining("40403")
                .hasMessageContaining("Schema not found");
        assertThatThrownBy(() -> client.lookup("nothing-value", V1))
                .isInstanceOfSatisfying(SchemaRegistryException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SUBJECT_NOT_FOUND))
                .hasMessageContaining("'nothing-value'");
    }

    @Test
    void sendsBasicAuthAndExplainsRefusals() {
        String header = "Basic " + Base64.getEncoder().encodeToString("alice:s3cret".getBytes(StandardCharsets.UTF_8));
        server.requireAuthorization(header);
        assertThatThrownBy(() -> client.register("things-value", V1))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("HTTP 401")
                .hasMessageContaining("basic.auth.user.info");
        RestSchemaRegistryClient authed = RestSchemaRegistryClient.builder().setUrls(List.of(server.url()))
                .optBasicAuth("alice", "s3cret").build();
        assertThat(authed.register("things-value", V1)).isPositive();
    }

    @Test
    void triesTheNextUrlWhenOneCannotBeReached() throws IOException {
        String dead = "http://127.0.0.1:" + freePort();
        RestSchemaRegistryClient failover = RestSchemaRegistryClient.builder().setUrls(List.of(dead, server.url()))
                .optRequestTimeout(Duration.ofSeconds(5)).build();
        assertThat(failover.register("things-value", V1)).isPositive();
    }

    @Test
    void unreachableRegistryIsANamedError() throws IOException {
        String dead = "http://127.0.0.1:" + freePort();
        RestSchemaRegistryClient lost = RestSchemaRegistryClient.builder().setUrls(List.of(dead))
                .optRequestTimeout(Duration.ofSeconds(5)).build();
        assertThatThrownBy(() -> lost.schemaById(1))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("cannot reach the schema registry at [" + dead + "]")
                .hasMessageContaining("fetching schema id 1");
    }

    @Test
    void rejectsBadUrls() {
        assertThatThrownBy(() -> RestSchemaRegistryClient.builder().setUrls(List.of("ftp://x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not http(s)");
        assertThatThrownBy(() -> RestSchemaRegistryClient.builder().build())
                .isInstanceOf(IllegalStateException.class);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
