package io.tokenpress.serdes;

import io.tokenpress.codec.TokenpressException;
import io.tokenpress.serdes.internals.ChunkReader;
import io.tokenpress.serdes.internals.InnerSerdes;
import io.tokenpress.serdes.internals.SerdeErrors;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;

/**
 * Restores what {@link TokenpressSerializer} compressed and hands the original bytes to an inner
 * deserializer. Reads both wire formats (Confluent with a schema id, single-object encoding) and every codec;
 * the envelope names the model that wrote it, so readers need no model setting beyond a model store that
 * holds it. A null value stays null.
 *
 * <p>Configure it by class name with {@value TokenpressSerdeConfig#INNER_SERDE_CLASS_CONFIG} or pass the inner
 * deserializer to the constructor.
 *
 * <p>Chunks written by the tokenpress processor hold many records; this deserializer rejects them with a
 * {@link SerializationException} pointing to {@link ChunkDeserializer}, {@link FlatteningConsumer} and
 * {@link ChunkedStreams}.
 *
 * @param <T> the type of the original values
 */
public class TokenpressDeserializer<T> implements Deserializer<T> {
    private Deserializer<T> inner;
    private ChunkReader reader;

    /** For configuration by class name: {@link #configure} names the inner serde. */
    public TokenpressDeserializer() {}

    /** Wraps {@code inner} (already configured) with the default settings; {@link #configure} may change them. */
    public TokenpressDeserializer(Deserializer<T> inner) {
        this(inner, Map.of());
    }

    /** Wraps {@code inner} (already configured) with {@code configs} ({@link TokenpressSerdeConfig}). */
    public TokenpressDeserializer(Deserializer<T> inner, Map<String, ?> configs) {
        if (inner == null) {
            throw new IllegalArgumentException("inner deserializer must not be null");
        }
        this.inner = inner;
        this.reader = ChunkReader.fromConfig(new TokenpressSerdeConfig(configs));
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
        InnerSerdes.checkConsistent(inner, configured == null ? null : configured.deserializer(), "deserializer");
        if (inner != null && configured != null) {
            configured.close(); // only checked against the constructor's
        }
        if (inner == null) {
            inner = (Deserializer<T>) configured.deserializer();
        }
        ChunkReader next = ChunkReader.fromConfig(config);
        if (reader != null) {
            reader.close();
        }
        reader = next;
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        return data == null ? null : inner.deserialize(topic, restore(topic, data));
    }

    @Override
    public T deserialize(String topic, Headers headers, byte[] data) {
        return data == null ? null : inner.deserialize(topic, headers, restore(topic, data));
    }

    /**
     * @throws SerializationException if the envelope is corrupt, of an unknown version, written by a model
     *     that is not available, or a multi-record chunk
     */
    private byte[] restore(String topic, byte[] data) {
        if (reader == null) {
            throw new IllegalStateException("TokenpressDeserializer used before configure()");
        }
        ChunkReader.Contents contents;
        try {
            contents = reader.read(data);
        } catch (TokenpressException e) {
            throw SerdeErrors.readFailure(topic, e);
        }
        if (!contents.isSingleValue()) {
            throw new SerializationException("a record of topic '" + topic + "' is a chunk of "
                    + contents.records().size() + " records written by the tokenpress processor, not a single value; "
                    + "read it with ChunkDeserializer, FlatteningConsumer or ChunkedStreams");
        }
        return contents.data();
    }

    /** The inner deserializer. */
    public Deserializer<T> innerDeserializer() {
        return inner;
    }

    /** Closes the decoder and the inner deserializer. */
    @Override
    public void close() {
        if (reader != null) {
            reader.close();
        }
        if (inner != null) {
            inner.close();
        }
    }
}
