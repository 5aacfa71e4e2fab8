package io.tokenpress.serdes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenpress.codec.Codecs;
import io.tokenpress.codec.container.EnvelopeFormat;
import io.tokenpress.schema.ChunkEnvelope;
import io.tokenpress.schema.CodecKind;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class TokenpressSerdeTest {
    private static final String TOPIC = "orders";
    private static final Map<String, Object> BY_CLASS_NAME =
            Map.of(TokenpressSerdeConfig.INNER_SERDE_CLASS_CONFIG, Serdes.StringSerde.class.getName());

    @Test
    void roundTripsThroughTheConstructorForm() {
        try (TokenpressSerde<String> serde = new TokenpressSerde<>(Serdes.String())) {
            String value = "{\"order\": 17, \"item\": \"tea\", \"note\": \"" + "repeat ".repeat(50) + "\"}";
            byte[] wire = serde.serializer().serialize(TOPIC, value);
            assertThat(wire.length).isLessThan(value.length());
            assertThat(serde.deserializer().deserialize(TOPIC, wire)).isEqualTo(value);
        }
    }

    @Test
    void roundTripsWhenConfiguredByClassName() {
        TokenpressSerializer<Object> serializer = new TokenpressSerializer<>();
        serializer.configure(BY_CLASS_NAME, false);
        TokenpressDeserializer<Object> deserializer = new TokenpressDeserializer<>();
        deserializer.configure(BY_CLASS_NAME, false);
        byte[] wire = serializer.serialize(TOPIC, new RecordHeaders(), "hello hello hello");
        assertThat(deserializer.deserialize(TOPIC, new RecordHeaders(), wire)).isEqualTo("hello hello hello");
        assertThat(serializer.innerSerializer()).isInstanceOf(StringSerializer.class);
        assertThat(deserializer.innerDeserializer()).isInstanceOf(StringDeserializer.class);
    }

    @Test
    void nullStaysNull() {
        try (TokenpressSerde<String> serde = new TokenpressSerde<>(Serdes.String())) {
            assertThat(serde.serializer().serialize(TOPIC, null)).isNull();
            assertThat(serde.deserializer().deserialize(TOPIC, null)).isNull();
        }
    }

    @Test
    void emptyValueIsNotNull() {
        try (TokenpressSerde<String> serde = new TokenpressSerde<>(Serdes.String())) {
            byte[] wire = serde.serializer().serialize(TOPIC, "");
            assertThat(wire).isNotNull();
            assertThat(serde.deserializer().deserialize(TOPIC, wire)).isEmpty();
        }
    }

    @Test
    void everyByteValueSurvives() {
        byte[] all = new byte[256 * 4];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        assertThat(roundTrip(all)).isEqualTo(all);
    }

    @Property(tries = 200)
    void anyBytesRoundTrip(@ForAll @Size(max = 3000) byte[] data) {
        assertThat(roundTrip(data)).isEqualTo(data);
    }

    private static byte[] roundTrip(byte[] data) {
        TokenpressSerializer<byte[]> s = new TokenpressSerializer<>(new ByteArraySerializer());
        TokenpressDeserializer<byte[]> d = new TokenpressDeserializer<>(new ByteArrayDeserializer());
        return d.deserialize(TOPIC, s.serialize(TOPIC, data));
    }

    @Test
    void withoutRegistryWritesSingleObjectEncoding() {
        byte[] wire = new TokenpressSerializer<>(new StringSerializer()).serialize(TOPIC, "x");
        assertThat(EnvelopeFormat.isSingleObject(wire)).isTrue();
        ChunkEnvelope e = new EnvelopeFormat().decode(wire);
        assertThat(e.getRecords()).isEmpty();
        assertThat(e.getCodec()).isIn(CodecKind.RAW, CodecKind.ZSTD);
    }

    @Test
    void needsAnInnerSerde() {
        assertThatThrownBy(() -> new TokenpressSerializer<String>().configure(Map.of(), false))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(TokenpressSerdeConfig.INNER_SERDE_CLASS_CONFIG);
    }

    @Test
    void rejectsAConfiguredInnerThatDiffersFromTheConstructors() {
        TokenpressDeserializer<byte[]> d = new TokenpressDeserializer<>(new ByteArrayDeserializer());
        assertThatThrownBy(() -> d.configure(BY_CLASS_NAME, false))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("ByteArrayDeserializer")
                .hasMessageContaining("StringDeserializer");
    }

    @Test
    void keyInnerSerdeOverridesForKeys() {
        TokenpressSerializer<Object> s = new TokenpressSerializer<>();
        s.configure(Map.of(TokenpressSerdeConfig.INNER_SERDE_CLASS_CONFIG, Serdes.StringSerde.class,
                TokenpressSerdeConfig.KEY_INNER_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class), true);
        assertThat(s.innerSerializer()).isInstanceOf(ByteArraySerializer.class);
    }

    @Test
    void rejectsBadSettings() {
        assertThatThrownBy(() -> new TokenpressSerializer<>(new StringSerializer(),
                Map.of(TokenpressSerdeConfig.CODEC_CONFIG, "gzip")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("codec");
        assertThatThrownBy(() -> new TokenpressSerializer<>(new StringSerializer(),
                Map.of(TokenpressSerdeConfig.ZSTD_LEVEL_CONFIG, 99)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("zstd.level");
        assertThatThrownBy(() -> new TokenpressSerializer<>(new StringSerializer(),
                Map.of(TokenpressSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, "localhost:8081")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("schema.registry.url");
    }

    @Test
    void corruptEnvelopeIsASerializationExceptionNamingTheCause() {
        byte[] wire = new TokenpressSerializer<>(new StringSerializer()).serialize(TOPIC, "some value ".repeat(20));
        TokenpressDeserializer<String> d = new TokenpressDeserializer<>(new StringDeserializer());

        byte[] truncated = java.util.Arrays.copyOf(wire, wire.length - 3);
        assertThatThrownBy(() -> d.deserialize(TOPIC, truncated))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic 'orders'")
                .hasMessageContaining("truncated");

        byte[] flipped = wire.clone();
        flipped[flipped.length - 10] ^= 0x55; // inside the coded payload or the CRC
        assertThatThrownBy(() -> d.deserialize(TOPIC, flipped))
                .isInstanceOf(SerializationException.class)
                .hasMessageMatching("(?s).*(CRC32C mismatch|corrupt|zstd).*");

        assertThatThrownBy(() -> d.deserialize(TOPIC, "plain text".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("not a tokenpress envelope");
    }

    @Test
    void unknownFormatVersionIsASerializationExceptionNamingTheVersion() {
        ChunkEnvelope e = EnvelopeFormat.toEnvelope(Codecs.zstd(3).encode("v".getBytes(StandardCharsets.UTF_8)), List.of());
        e.setFormatVersion(EnvelopeFormat.MAX_READABLE_VERSION + 1);
        byte[] future = new EnvelopeFormat().encode(e);
        assertThatThrownBy(() -> new TokenpressDeserializer<>(new StringDeserializer()).deserialize(TOPIC, future))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("unknown envelope format version " + (EnvelopeFormat.MAX_READABLE_VERSION + 1));
    }

    @Test
    void confluentFormatWithoutARegistryIsExplained() {
        byte[] wire = {0, 0, 0, 0, 7, 1, 2, 3};
        assertThatThrownBy(() -> new TokenpressDeserializer<>(new StringDeserializer()).deserialize(TOPIC, wire))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("schema id 7")
                .hasMessageContaining("schema.registry.url");
    }

    @Test
    void aChunkIsNotMistakenForOneValue() {
        byte[] chunk = TestChunks.chunk(List.of(TestChunks.record("k", "a", 1, 0), TestChunks.record("k", "b", 2, 1)));
        assertThatThrownBy(() -> new TokenpressDeserializer<>(new StringDeserializer()).deserialize(TOPIC, chunk))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("chunk of 2 records")
                .hasMessageContaining("ChunkDeserializer");
    }

    @Test
    void decodesWhateverCodecWroteIt() {
        for (CodecKind kind : new CodecKind[] {CodecKind.RAW, CodecKind.ZSTD}) {
            byte[] plain = "abcabcabcabcabcabcabcabcabc".getBytes(StandardCharsets.UTF_8);
            var block = kind == CodecKind.RAW ? Codecs.raw().encode(plain) : Codecs.zstd(19).encode(plain);
            assertThat(block.codec()).isEqualTo(kind);
            byte[] wire = new EnvelopeFormat().encode(EnvelopeFormat.toEnvelope(block, List.of()));
            assertThat(new TokenpressDeserializer<>(new ByteArrayDeserializer()).deserialize(TOPIC, wire))
                    .isEqualTo(plain);
        }
    }
}
