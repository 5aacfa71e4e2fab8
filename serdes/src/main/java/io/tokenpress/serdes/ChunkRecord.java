package io.tokenpress.serdes;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * One original record carried in a chunk: key and value bytes as the original producer serialized them,
 * timestamp, headers and the offset it had in the plain topic. The consumer-side serdes restore these from
 * chunks; the processor builds them from the records it chunks.
 *
 * <p>Immutable: the byte arrays are copied in and out, the headers are a read-only copy.
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

    /** True when the value is null (a tombstone); an empty value is not a tombstone. */
    public boolean isTombstone() {
        return value == null;
    }

    /** Length of the value in bytes, without copying it; 0 for a tombstone (see {@link #isTombstone()}). */
    public int valueLength() {
        return value == null ? 0 : value.length;
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

    /**
     * The bytes this record adds to a chunk, as the processor's chunk size limit counts them: the value, the
     * key, and every header's key (UTF-8) and value. Null parts count 0; the timestamp and source offset are
     * not counted.
     *
     * @return the size, capped at {@link Integer#MAX_VALUE}
     */
    public int sizeInBytes() {
        long n = valueLength() + (key == null ? 0L : key.length);
        for (Header h : headers) {
            byte[] hv = h.value();
            n += h.key().getBytes(StandardCharsets.UTF_8).length + (hv == null ? 0 : hv.length);
        }
        return (int) Math.min(Integer.MAX_VALUE, n);
    }

    /**
     * True when this record and {@code other} have equal keys, values, timestamps and headers (in order); unlike
     * {@link #equals(Object)} the source offset is not compared. Null and empty keys or values differ.
     *
     * @throws NullPointerException if {@code other} is null
     */
    public boolean sameContent(ChunkRecord other) {
        return timestamp == other.timestamp
                && Arrays.equals(key, other.key)
                && Arrays.equals(value, other.value)
                && headers.equals(other.headers);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ChunkRecord)) {
            return false;
        }
        ChunkRecord r = (ChunkRecord) o;
        return sourceOffset == r.sourceOffset && sameContent(r);
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
