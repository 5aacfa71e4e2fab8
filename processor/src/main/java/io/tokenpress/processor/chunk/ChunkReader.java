package io.tokenpress.processor.chunk;

import io.tokenpress.codec.ChunkDecoder;
import io.tokenpress.codec.CodedBlock;
import io.tokenpress.codec.CorruptChunkException;
import io.tokenpress.codec.container.EnvelopeFormat;
import io.tokenpress.schema.ChunkEnvelope;
import io.tokenpress.schema.CodecKind;
import io.tokenpress.schema.RecordHeader;
import io.tokenpress.schema.RecordMeta;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Unpacks a chunk envelope written by {@link ChunkWriter} back into its records, verifying that the
 * decoded data holds exactly the declared values.
 */
public final class ChunkReader {
    private final ChunkDecoder decoder;
    private final EnvelopeFormat format;

    /** @param maxChunkBytes chunks declaring more original bytes are rejected as corrupt */
    public ChunkReader(ChunkDecoder decoder, int maxChunkBytes) {
        this.decoder = Objects.requireNonNull(decoder, "decoder");
        this.format = new EnvelopeFormat(maxChunkBytes);
    }

    /** The records of one chunk and the codec that wrote it. */
    public record Unpacked(List<ChunkRecord> records, CodecKind codec) {}

    /**
     * @throws CorruptChunkException if the envelope is corrupt, its data fails length or CRC checks, or
     *     the record lengths do not add up to the data
     * @throws io.tokenpress.codec.ModelNotFoundException if the chunk needs a model that is not available
     */
    public Unpacked read(byte[] envelopeBytes) {
        ChunkEnvelope envelope = format.decode(envelopeBytes);
        CodedBlock block = format.toBlock(envelope);
        byte[] data = decoder.decode(block);
        List<RecordMeta> metas = envelope.getRecords();
        CorruptChunkException.verify(!metas.isEmpty(), "chunk holds no record metadata");
        List<ChunkRecord> out = new ArrayList<>(metas.size());
        int pos = 0;
        for (int i = 0; i < metas.size(); i++) {
            RecordMeta m = metas.get(i);
            int len = m.getValueLength();
            CorruptChunkException.verify(len >= -1, "record %d declares a value length of %d", i, len);
            byte[] value = null;
            if (len >= 0) {
                CorruptChunkException.verify(len <= data.length - pos,
                        "record %d declares %d value bytes but only %d remain in the chunk", i, len, data.length - pos);
                value = Arrays.copyOfRange(data, pos, pos + len);
                pos += len;
            }
            out.add(new ChunkRecord(bytes(m.getKey()), value, m.getTimestamp(), headers(m), m.getSourceOffset()));
        }
        CorruptChunkException.verify(pos == data.length,
                "the records' values take %d bytes but the chunk holds %d", pos, data.length);
        return new Unpacked(out, block.codec());
    }

    private static List<ChunkRecord.Header> headers(RecordMeta m) {
        List<ChunkRecord.Header> hs = new ArrayList<>(m.getHeaders().size());
        for (RecordHeader h : m.getHeaders()) {
            hs.add(new ChunkRecord.Header(h.getKey().toString(), bytes(h.getValue())));
        }
        return hs;
    }

    private static byte[] bytes(ByteBuffer b) {
        if (b == null) {
            return null;
        }
        ByteBuffer d = b.duplicate();
        byte[] out = new byte[d.remaining()];
        d.get(out);
        return out;
    }
}
