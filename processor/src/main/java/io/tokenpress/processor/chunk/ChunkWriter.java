package io.tokenpress.processor.chunk;

import io.tokenpress.codec.ChunkEncoder;
import io.tokenpress.codec.CodedBlock;
import io.tokenpress.codec.container.EnvelopeFormat;
import io.tokenpress.schema.ChunkEnvelope;
import io.tokenpress.schema.RecordHeader;
import io.tokenpress.schema.RecordMeta;
import io.tokenpress.serdes.ChunkRecord;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.common.header.Header;

/**
 * Packs records into one chunk envelope: the chunk's data is the concatenation of the record values,
 * coded by the configured {@link ChunkEncoder}; keys, value lengths ({@code -1} for tombstones),
 * timestamps, headers and source offsets go into the envelope's record metadata.
 */
public final class ChunkWriter {
    private final ChunkEncoder encoder;
    private final EnvelopeFormat format = new EnvelopeFormat();

    public ChunkWriter(ChunkEncoder encoder) {
        this.encoder = Objects.requireNonNull(encoder, "encoder");
    }

    /** A written chunk: the envelope bytes and the block inside them. */
    public record Written(byte[] envelope, CodedBlock block) {}

    /**
     * @param records at least one record, in order
     * @return the envelope (Avro single-object encoding) and its coded block
     */
    public Written write(List<ChunkRecord> records) {
        if (records.isEmpty()) {
            throw new IllegalArgumentException("a chunk needs at least one record");
        }
        List<RecordMeta> metas = new ArrayList<>(records.size());
        for (ChunkRecord r : records) {
            metas.add(meta(r));
        }
        CodedBlock block = encoder.encode(codedData(records));
        ChunkEnvelope envelope = EnvelopeFormat.toEnvelope(block, metas);
        return new Written(format.encode(envelope), block);
    }

    /** The bytes a chunk of {@code records} codes: their values in order (tombstones add nothing). */
    public static byte[] codedData(List<ChunkRecord> records) {
        int length = 0;
        for (ChunkRecord r : records) {
            length = Math.addExact(length, r.valueLength());
        }
        byte[] data = new byte[length];
        int pos = 0;
        for (ChunkRecord r : records) {
            if (!r.isTombstone()) {
                byte[] v = r.value();
                System.arraycopy(v, 0, data, pos, v.length);
                pos += v.length;
            }
        }
        return data;
    }

    private static RecordMeta meta(ChunkRecord r) {
        List<RecordHeader> headers = new ArrayList<>();
        for (Header h : r.headers()) {
            byte[] hv = h.value();
            headers.add(new RecordHeader(h.key(), hv == null ? null : ByteBuffer.wrap(hv)));
        }
        byte[] key = r.key();
        return RecordMeta.newBuilder()
                .setKey(key == null ? null : ByteBuffer.wrap(key))
                .setValueLength(r.isTombstone() ? -1 : r.valueLength())
                .setTimestamp(r.timestamp())
                .setHeaders(headers)
                .setSourceOffset(r.sourceOffset())
                .build();
    }
}
