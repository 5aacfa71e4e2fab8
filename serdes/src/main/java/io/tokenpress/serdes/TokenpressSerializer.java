package io.tokenpress.serdes;

import io.tokenpress.codec.ChunkEncoder;
import io.tokenpress.codec.CodedBlock;
import io.tokenpress.codec.TokenpressException;
import io.tokenpress.codec.container.EnvelopeFormat;
import io.tokenpress.serdes.internals.CodecFactory;
import io.tokenpress.serdes.internals.EnvelopeWireFormat;
import io.tokenpress.serdes.internals.InnerSerdes;
import io.tokenpress.serdes.internals.SerdeErrors;
import io.tokenpress.serdes.internals.WireFormats;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A serializer that compresses what an inner serializer produces: each record's bytes become one envelope
 * (codec, model id, coded payload, length and CRC32C of the original), in the Confluent wire format when
 * {@value TokenpressSerdeConfig#SCHEMA_REGISTRY_URL_CONFIG} is set and in Avro single-object encoding
 * otherwise. {@link TokenpressDeserializer} restores the original bytes exactly.
 *
 * <p>Configure it by class name ({@code value.serializer=io.tokenpress.serdes.TokenpressSerializer} with
 * {@value TokenpressSerdeConfig#INNER_SERDE_CLASS_CONFIG}) or pass the inner serializer to the constructor,
 * as Kafka's {@code TimeWindowedSerializer} does; settings are in {@link TokenpressSerdeConfig}. A null
 * value (tombstone) stays null. Instances passed to a producer directly are not configured by it: they use
 * the defaults (zstd, no registry) unless built with {@link #TokenpressSerializer(Serializer, Map)}.
 *
 * @param <T> the type of the original values
 */
public class TokenpressSerializer<T> implements Serializer<T> {
    private Serializer<T> inner;
    private ChunkEncoder encoder;
    private EnvelopeWireFormat wire;
    private boolean isKey;

    /** For configuration by class name: {@link #configure} names the inner serde. */
    public TokenpressSerializer() {}

    /** Wraps {@code inner} (already configured) with the default settings; {@link #configure} may change them. */
    public TokenpressSerializer(Serializer<T> inner) {
        this(inner, Map.of());
    }

    /** Wraps {@code inner} (already configured) with {@code configs} ({@link TokenpressSerdeConfig}). */
    public TokenpressSerializer(Serializer<T> inner, Map<String, ?> configs) {
        if (inner == null) {
            throw new IllegalArgumentException("inner serializer must not be null");
        }
        this.inner = inner;
        setUp(new TokenpressSerdeConfig(configs), false);
    }

    /**
     * @throws org.apache.kafka.common.config.ConfigException if a setting is invalid, no inner serde is known,
     *     or the configured one differs from the constructor's
     */
    @Override
    @SuppressWarnings("unchecked")
    public void configure(Map<String, ?> configs, boolean isKey) {
        TokenpressSerdeConfig config = new TokenpressSerdeConfig(configs);
        Serde<?> configured = InnerSerdes.fromConfig(config, configs, isKey);
        InnerSerdes.checkConsistent(inner, configured == null ? null : configured.serializer(), "serializer");
        if (inner != null && configured != null) {
            configured.close(); // only checked against the constructor's
        }
        if (inner == null) {
            inner = (Serializer<T>) configured.serializer();
        }
        setUp(config, isKey);
    }

    private void setUp(TokenpressSerdeConfig config, boolean isKey) {
        ChunkEncoder next = CodecFactory.encoder(config);
        if (encoder != null) {
            encoder.close();
        }
        this.encoder = next;
        this.wire = WireFormats.fromConfig(config);
        this.isKey = isKey;
    }

    @Override
    public byte[] serialize(String topic, T data) {
        return compress(topic, data == null ? null : inner.serialize(topic, data));
    }

    @Override
    public byte[] serialize(String topic, Headers headers, T data) {
        return compress(topic, data == null ? null : inner.serialize(topic, headers, data));
    }

    /**
     * @throws SerializationException if encoding or registering the envelope schema fails
     */
    private byte[] compress(String topic, byte[] plain) {
        if (plain == null) {
            return null;
        }
        if (encoder == null) {
            throw new IllegalStateException("TokenpressSerializer used before configure()");
        }
        try {
            CodedBlock block = encoder.encode(plain);
            return wire.write(topic, isKey, EnvelopeFormat.toEnvelope(block, List.of()));
        } catch (TokenpressException e) {
            throw SerdeErrors.writeFailure(topic, e);
        }
    }

    /** The inner serializer. */
    public Serializer<T> innerSerializer() {
        return inner;
    }

    /** Closes the codec and the inner serializer. */
    @Override
    public void close() {
        if (encoder != null) {
            encoder.close();
        }
        if (inner != null) {
            inner.close();
        }
    }
}
