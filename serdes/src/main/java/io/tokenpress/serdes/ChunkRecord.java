package io.tokenpress.serdes;

import java.util.Arrays;
import java.util.Objects;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * One original record restored from a chunk: key and value bytes as the original producer serialized them,
 * timestamp, headers and the offset it had in the plain topic.
 *
 * <p>Immutable: the byte arrays are copied in and out, the headers are read-only.
 */
public final class ChunkRecord {
    /** The timestamp of a record whose timestamp is unknown (Kafka's {@code RecordBatch.NO_TIMESTAMP}). */
    public static final long NO_TIMESTAMP = -1L;

    private final byte[] key;
    private final byte[] value;
    private final long timestamp;
    private final Headers headers;
    private final long sourceOffset;

    /**
     * @param key the key bytes, or null
     * @param value the value bytes, or null for a tombstone
     * @param timestamp the record's timestamp, {@link #NO_TIMESTAMP} if unknown
     * @param headers the record's headers (copied)
     * @param sourceOffset the offset in the plain topic, -1 if unknown
     */
    public ChunkRecord(byte[] key, byte[] value, long timestamp, Headers headers, long sourceOffset) {
        this.key = key == null ? null : key.clone();
        this.value = value == null ? null : value.clone();
        this.timestamp = timestamp;
        RecordHeaders copy = new RecordHeaders();
        for (Header h : Objects.requireNonNull(headers, "headers")) {
            copy.add(h.key(), h.value() == null ? null : h.value().clone());
        }
        copy.setReadOnly();
        this.headers = copy;
        this.sourceOffset = sourceOffset;
    }

    /** The key bytes, or null. */
    public byte[] key() {
        return key == null ? null : key.clone();
    }

    /** The value bytes, or null for a tombstone. */
    public byte[] value() {
        return value == null ? null : value.clone();
    }

    /** The original timestamp, {@link #NO_TIMESTAMP} if unknown. */
    public long timestamp() {
        return timestamp;
    }

    /** The original headers, read-only. */
    public Headers headers() {
        return headers;
    }

    /** Offset of the record in the plain topic the processor read, -1 if unknown. */
    public long sourceOffset() {
        return sourceOffset;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ChunkRecord)) {
            return false;
        }
        ChunkRecord r = (ChunkRecord) o;
        return timestamp == r.timestamp
                && sourceOffset == r.sourceOffset
                && Arrays.equals(key, r.key)
                && Arrays.equals(value, r.value)
                && headers.equals(r.headers);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(key), Arrays.hashCode(value), timestamp, sourceOffset);
    }

    @Override
    public String toString() {
        return "ChunkRecord{key=" + (key == null ? "null" : key.length + "B") + ", value="
                + (value == null ? "null" : value.length + "B") + ", timestamp=" + timestamp + ", headers="
                + headers.toArray().length + ", sourceOffset=" + sourceOffset + "}";
    }
}
