package io.tokenpress.serdes;

import io.tokenpress.codec.TokenpressException;
import io.tokenpress.serdes.internals.ChunkReader;
import io.tokenpress.serdes.internals.SerdeErrors;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads a chunk written by the tokenpress processor into the original records it holds (key and value
 * bytes, timestamp, headers, source offset), in their original order. A null value stays null.
 *
 * <p>An envelope written by {@link TokenpressSerializer} holds a single value and no record metadata; it is
 * read as one record with a null key, no timestamp ({@link ChunkRecord#NO_TIMESTAMP}), the outer record's
 * headers and source offset -1. {@link FlatteningConsumer} and {@link ChunkedStreams} fill those in from the
 * outer record instead.
 *
 * <p>Settings: {@link TokenpressSerdeConfig} (model store, schema registry, max chunk bytes).
 */
public class ChunkDeserializer implements Deserializer<List<ChunkRecord>> {
    private ChunkReader reader;

    /** For configuration by class name; {@link #configure} must be called before use. */
    public ChunkDeserializer() {}

    /** A deserializer with {@code configs} ({@link TokenpressSerdeConfig}). */
    public ChunkDeserializer(Map<String, ?> configs) {
        this.reader = ChunkReader.fromConfig(new TokenpressSerdeConfig(configs));
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        ChunkReader next = ChunkReader.fromConfig(new TokenpressSerdeConfig(configs));
        if (reader != null) {
            reader.close();
        }
        reader = next;
    }

    @Override
    public List<ChunkRecord> deserialize(String topic, byte[] data) {
        return deserialize(topic, new RecordHeaders(), data);
    }

    /**
     * @throws SerializationException if the envelope is corrupt, of an unknown version, written by a model
     *     that is not available, or its records do not add up to its data
     */
    @Override
    public List<ChunkRecord> deserialize(String topic, Headers headers, byte[] data) {
        if (data == null) {
            return null;
        }
        if (reader == null) {
            throw new IllegalStateException("ChunkDeserializer used before configure()");
        }
        ChunkReader.Contents contents;
        try {
            contents = reader.read(data);
        } catch (TokenpressException e) {
            throw SerdeErrors.readFailure(topic, e);
        }
        if (contents.isSingleValue()) {
            return List.of(new ChunkRecord(null, contents.data(), ChunkRecord.NO_TIMESTAMP,
                    headers == null ? new RecordHeaders() : headers, -1));
        }
        return contents.records();
    }

    @Override
    public void close() {
        if (reader != null) {
            reader.close();
        }
    }
}
