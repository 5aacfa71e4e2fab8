package io.tokenpress.serdes;

import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * {@link TokenpressSerializer} and {@link TokenpressDeserializer} over one inner serde, e.g. for Kafka Streams:
 * {@code Produced.with(Serdes.String(), new TokenpressSerde<>(Serdes.String()))}.
 *
 * @param <T> the type of the original values
 */
public class TokenpressSerde<T> implements Serde<T> {
    private final TokenpressSerializer<T> serializer;
    private final TokenpressDeserializer<T> deserializer;

    /** For configuration by class name ({@value TokenpressSerdeConfig#INNER_SERDE_CLASS_CONFIG}). */
    public TokenpressSerde() {
        this.serializer = new TokenpressSerializer<>();
        this.deserializer = new TokenpressDeserializer<>();
    }

    /** Wraps {@code inner} (already configured) with the default settings. */
    public TokenpressSerde(Serde<T> inner) {
        this(inner, Map.of());
    }

    /** Wraps {@code inner} (already configured) with {@code configs} ({@link TokenpressSerdeConfig}). */
    public TokenpressSerde(Serde<T> inner, Map<String, ?> configs) {
        this.serializer = new TokenpressSerializer<>(inner.serializer(), configs);
        this.deserializer = new TokenpressDeserializer<>(inner.deserializer(), configs);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        serializer.configure(configs, isKey);
        deserializer.configure(configs, isKey);
    }

    @Override
    public Serializer<T> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        return deserializer;
    }

    @Override
    public void close() {
        serializer.close();
        deserializer.close();
    }
}
