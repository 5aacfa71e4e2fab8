package io.tokenpress.serdes;

import io.tokenpress.codec.CodedBlock;
import io.tokenpress.codec.Codecs;
import io.tokenpress.codec.container.EnvelopeFormat;
import io.tokenpress.schema.ChunkEnvelope;
import io.tokenpress.schema.RecordHeader;
import io.tokenpress.schema.RecordMeta;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Writes chunks in the format the processor writes (an envelope whose records describe the original
 * records and whose data is the concatenation of their values), with the codec directly.
 */
public final class TestChunks {
    private TestChunks() {}

    /** The envelope of a chunk of {@code records}, coded with zstd. */
    public static ChunkEnvelope envelope(List<ChunkRecord> records) {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        List<RecordMeta> metas = new ArrayList<>();
        for (ChunkRecord r : records) {
            byte[] v = r.value();
            if (v != null) {
                data.writeBytes(v);
            }
            List<RecordHeader> headers = new ArrayList<>();
            for (Header h : r.headers()) {
                headers.add(new RecordHeader(h.key(), h.value() == null ? null : ByteBuffer.wrap(h.value())));
            }
            byte[] k = r.key();
            metas.add(new RecordMeta(k == null ? null : ByteBuffer.wrap(k), v == null ? -1 : v.length, r.timestamp(),
                    headers, r.sourceOffset()));
        }
        CodedBlock block = Codecs.zstd(3).encode(data.toByteArray());
        return EnvelopeFormat.toEnvelope(block, metas);
    }

    /** A chunk of {@code records} in single-object encoding. */
    public static byte[] chunk(List<ChunkRecord> records) {
        return new EnvelopeFormat().encode(envelope(records));
    }

    /** A record with string key and value, one header, timestamp and source offset. */
    public static ChunkRecord record(String key, String value, long timestamp, long sourceOffset) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("trace", ("t-" + sourceOffset).getBytes(StandardCharsets.UTF_8));
        return new ChunkRecord(key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                value == null ? null : value.getBytes(StandardCharsets.UTF_8), timestamp, headers, sourceOffset);
    }
}
