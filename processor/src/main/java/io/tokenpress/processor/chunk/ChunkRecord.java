package io.tokenpress.processor.chunk;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * One original Kafka record as a chunk carries it: key, value (null for a tombstone), timestamp,
 * headers and the offset it had in the plain topic ({@code -1} where unknown).
 *
 * <p>Immutable: byte arrays are copied in and out.
 */
public final class ChunkRecord {

    /** One record header; its value may be null. */
    public record Header(String key, byte[] value) {
        public Header {
            Objects.requireNonNull(key, "header key");
            value = value == null ? null : value.clone();
        }

        @Override
        public byte[] value() {
            return value == null ? null : value.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Header h && key.equals(h.key) && Arrays.equals(value, h.value);
        }

        @Override
        public int hashCode() {
            return 31 * key.hashCode() + Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return key + "=" + (value == null ? "null" : value.length + "B");
        }
    }

    private final byte[] key;
    private final byte[] value;
    private final long timestamp;
    private final List<Header> headers;
    private final long sourceOffset;

    public ChunkRecord(byte[] key, byte[] value, long timestamp, List<Header> headers, long sourceOffset) {
        this.key = key == null ? null : key.clone();
        this.value = value == null ? null : value.clone();
        this.timestamp = timestamp;
        this.headers = headers == null ? List.of() : List.copyOf(headers);
        this.sourceOffset = sourceOffset;
    }

    /** A record from Kafka's header representation. */
    public static ChunkRecord of(byte[] key, byte[] value, long timestamp, Headers headers, long sourceOffset) {
        List<Header> hs = new ArrayList<>();
        if (headers != null) {
            headers.forEach(h -> hs.add(new Header(h.key(), h.value())));
        }
        return new ChunkRecord(key, value, timestamp, hs, sourceOffset);
    }

    public byte[] key() {
        return key == null ? null : key.clone();
    }

    /** The value, or null for a tombstone. */
    public byte[] value() {
        return value == null ? null : value.clone();
    }

    /** Appends the value's bytes to {@code out} (nothing for a tombstone), without a copy. */
    void writeValueTo(java.io.ByteArrayOutputStream out) {
        if (value != null) {
            out.write(value, 0, value.length);
        }
    }

    public boolean isTombstone() {
        return value == null;
    }

    /** Length of the value; 0 for a tombstone. */
    public int valueLength() {
        return value == null ? 0 : value.length;
    }

    public long timestamp() {
        return timestamp;
    }

    public List<Header> headers() {
        return headers;
    }

    public long sourceOffset() {
        return sourceOffset;
    }

    /** The headers as Kafka {@link Headers}. */
    public Headers kafkaHeaders() {
        RecordHeaders hs = new RecordHeaders();
        headers.forEach(h -> hs.add(h.key(), h.value()));
        return hs;
    }

    /**
     * Bytes this record adds to a chunk, as the chunk size limit counts them: value, key and headers
     * (keys and values). Metadata such as the timestamp is not counted.
     */
    public int sizeInBytes() {
        long n = valueLength() + (key == null ? 0 : key.length);
        for (Header h : headers) {
            n += h.key().getBytes(StandardCharsets.UTF_8).length + (h.value == null ? 0 : h.value.length);
        }
        return (int) Math.min(Integer.MAX_VALUE, n);
    }

    /** True when key, value, timestamp and headers are equal; the source offset is not compared. */
    public boolean sameContent(ChunkRecord o) {
        return timestamp == o.timestamp
                && Arrays.equals(key, o.key)
                && Arrays.equals(value, o.value)
                && headers.equals(o.headers);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChunkRecord r && sameContent(r) && sourceOffset == r.sourceOffset;
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(key), Arrays.hashCode(value), timestamp, headers, sourceOffset);
    }

    @Override
    public String toString() {
        return "ChunkRecord{key=" + (key == null ? "null" : key.length + "B")
                + ", value=" + (value == null ? "tombstone" : value.length + "B")
                + ", ts=" + timestamp + ", headers=" + headers + ", offset=" + sourceOffset + "}";
    }
}
