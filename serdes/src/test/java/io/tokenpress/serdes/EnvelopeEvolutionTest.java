package io.tokenpress.serdes;

import static io.tokenpress.serdes.TestChunks.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenpress.codec.Codecs;
import io.tokenpress.codec.container.EnvelopeFormat;
import io.tokenpress.schema.ChunkEnvelope;
import io.tokenpress.serdes.registry.FakeSchemaRegistry;
import io.tokenpress.serdes.registry.RestSchemaRegistryClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.avro.SchemaBuilder;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Registry mode and envelope schema evolution against an in-memory registry (the ITs use Apicurio). */
class EnvelopeEvolutionTest {
    private FakeSchemaRegistry server;
    private RestSchemaRegistryClient registry;
    private Map<String, Object> configs;

    @BeforeEach
    void start() throws IOException {
        server = new FakeSchemaRegistry();
        registry = RestSchemaRegistryClient.builder().setUrls(List.of(server.url())).build();
        configs = Map.of(TokenpressSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, server.url());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void withARegistryWritesTheConfluentWireFormat() {
        byte[] wire = new TokenpressSerializer<>(new StringSerializer(), configs).serialize("orders", "v");
        assertThat(wire[0]).isZero();
        int id = java.nio.ByteBuffer.wrap(wire, 1, 4).getInt();
        assertThat(registry.schemaById(id)).isEqualTo(ChunkEnvelope.getClassSchema());
        assertThat(registry.lookup("orders-value", ChunkEnvelope.getClassSchema())).isEqualTo(id);
        assertThat(new TokenpressDeserializer<>(new StringDeserializer(), configs).deserialize("orders", wire))
                .isEqualTo("v");
    }

    @Test
    void keysAreRegisteredUnderTheKeySubject() {
        TokenpressSerializer<Object> keys = new TokenpressSerializer<>();
        keys.configure(Map.of(TokenpressSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, server.url(),
                TokenpressSerdeConfig.INNER_SERDE_CLASS_CONFIG, org.apache.kafka.common.serialization.Serdes.StringSerde.class),
                true);
        byte[] wire = keys.serialize("orders", "key-1");
        assertThat(java.nio.ByteBuffer.wrap(wire, 1, 4).getInt())
                .isEqualTo(registry.lookup("orders-key", ChunkEnvelope.getClassSchema()));
    }

    @Test
    void readersWithARegistryStillReadSingleObjectEncoding() {
        byte[] plain = new TokenpressSerializer<>(new StringSerializer()).serialize("orders", "v");
        assertThat(new TokenpressDeserializer<>(new StringDeserializer(), configs).deserialize("orders", plain))
                .isEqualTo("v");
    }

    @Test
    void withoutAutoRegisterTheSchemaMustBeThere() {
        Map<String, Object> noRegister = Map.of(TokenpressSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, server.url(),
                TokenpressSerdeConfig.AUTO_REGISTER_SCHEMAS_CONFIG, false);
        TokenpressSerializer<String> s = new TokenpressSerializer<>(new StringSerializer(), noRegister);
        assertThatThrownBy(() -> s.serialize("fresh", "v"))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("'fresh-value'")
                .hasMessageContaining("40401");
        registry.register("fresh-value", ChunkEnvelope.getClassSchema());
        assertThat(s.serialize("fresh", "v")[0]).isZero();
    }

    @Test
    void theCurrentReaderReadsChunksOfAnOlderSchema() {
        List<ChunkRecord> originals = List.of(record("a", "one", 5, 100), record("b", "two", 6, 101));
        int oldId = registry.register("orders.tp-value", EnvelopeSchemas.v0());
        ChunkEnvelope v1 = TestChunks.envelope(originals);
        v1.setFormatVersion(1); // the old schema was written by format version 1, before the records checksum
        byte[] old = EnvelopeSchemas.confluent(oldId, EnvelopeSchemas.bodyAs(v1, EnvelopeSchemas.v0()));

        List<ChunkRecord> read = new ChunkDeserializer(configs).deserialize("orders.tp", old);
        assertThat(read).hasSize(2);
        assertThat(read.get(0).value()).isEqualTo("one".getBytes(StandardCharsets.UTF_8));
        assertThat(read.get(1).key()).isEqualTo("b".getBytes(StandardCharsets.UTF_8));
        assertThat(read).allSatisfy(r -> assertThat(r.sourceOffset()).as("default of the added field").isEqualTo(-1));
        assertThat(registry.isCompatible("orders.tp-value", ChunkEnvelope.getClassSchema()))
                .as("the current schema is backward compatible with the old one").isTrue();
    }

    @Test
    void theCurrentReaderReadsValuesOfANewerCompatibleSchema() {
        ChunkEnvelope e = EnvelopeFormat.toEnvelope(Codecs.zstd(3).encode("newer".getBytes(StandardCharsets.UTF_8)),
                List.of());
        int newId = registry.register("orders-value", EnvelopeSchemas.v2());
        byte[] newer = EnvelopeSchemas.confluent(newId, EnvelopeSchemas.bodyAs(e, EnvelopeSchemas.v2()));
        assertThat(new TokenpressDeserializer<>(new StringDeserializer(), configs).deserialize("orders", newer))
                .isEqualTo("newer");
    }

    @Test
    void aSchemaIdOfSomethingElseIsRejectedByName() {
        int otherId = registry.register("other-value", SchemaBuilder.record("Pet").fields().requiredString("n").endRecord());
        byte[] wire = EnvelopeSchemas.confluent(otherId, new byte[] {2, 'x'});
        assertThatThrownBy(() -> new TokenpressDeserializer<>(new StringDeserializer(), configs).deserialize("o", wire))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("schema id " + otherId + " is 'Pet', not a tokenpress envelope");
    }

    @Test
    void anUnknownSchemaIdIsASerializationExceptionNamingIt() {
        byte[] wire = EnvelopeSchemas.confluent(999, new byte[] {1});
        assertThatThrownBy(() -> new TokenpressDeserializer<>(new StringDeserializer(), configs).deserialize("o", wire))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("schema id 999")
                .hasMessageContaining("40403");
    }
}
