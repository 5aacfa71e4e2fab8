package io.tokenpress.serdes.internals;

import io.tokenpress.codec.ChunkDecoder;
import io.tokenpress.codec.CodedBlock;
import io.tokenpress.codec.CorruptChunkException;
import io.tokenpress.schema.ChunkEnvelope;
import io.tokenpress.schema.CodecKind;
import io.tokenpress.schema.RecordHeader;
import io.tokenpress.schema.RecordMeta;
import io.tokenpress.serdes.ChunkRecord;
import io.tokenpress.serdes.TokenpressSerdeConfig;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Reads an envelope, decodes its payload (verifying length and CRC32C) and splits the data into the
 * records its metadata describes. Thread-safe where the decoder is.
 */
public final class ChunkReader implements AutoCloseable {
    private final EnvelopeWireFormat wire;
    private final ChunkDecoder decoder;

    public ChunkReader(EnvelopeWireFormat wire, ChunkDecoder decoder) {
        this.wire = wire;
        this.decoder = decoder;
    }

    /** A reader with the wire format and decoder {@code config} describes. */
    public static ChunkReader fromConfig(TokenpressSerdeConfig config) {
        return new ChunkReader(WireFormats.fromConfig(config), CodecFactory.decoder(config));
    }

    /**
     * What one envelope holds: a single value (written by the per-record serializer: no record metadata) or
     * a chunk of records (written by the processor).
     */
    public static final class Contents {
        private final byte[] data;
        private final List<ChunkRecord> records;
        private final CodecKind codec;

        private Contents(byte[] data, List<ChunkRecord> records, CodecKind codec) {
            this.data = data;
            this.records = records;
            this.codec = codec;
        }

        /** True when the envelope holds one value and no record metadata. */
        public boolean isSingleValue() {
            return records == null;
        }

        /** The decoded data: the single value, or the concatenated values of the chunk's records. */
        public byte[] data() {
            return data;
        }

        /** The chunk's records; empty for a single value. */
        public List<ChunkRecord> records() {
            return records == null ? List.of() : records;
        }

        /** The codec that wrote the data. */
        public CodecKind codec() {
            return codec;
        }
    }

    /**
     * @throws CorruptChunkException if the envelope is unreadable or its records do not add up to its data
     * @throws io.tokenpress.codec.ModelNotFoundException if the model that wrote it is unavailable
     * @throws io.tokenpress.serdes.registry.SchemaRegistryException if its writer schema cannot be fetched
     */
    public Contents read(byte[] bytes) {
        ChunkEnvelope envelope = wire.read(bytes);
        CodedBlock block = wire.envelopeFormat().toBlock(envelope);
        byte[] data = decoder.decode(block);
        List<RecordMeta> metas = envelope.getRecords();
        if (metas.isEmpty()) {
            return new Contents(data, null, block.codec());
        }
        List<ChunkRecord> records = new ArrayList<>(metas.size());
        int pos = 0;
        for (int i = 0; i < metas.size(); i++) {
            RecordMeta m = metas.get(i);
            int len = m.getValueLength();
            CorruptChunkException.verify(len >= -1, "record %d of %d declares a value length of %d", i, metas.size(),
                    len);
            byte[] value = null;
            if (len >= 0) {
                CorruptChunkException.verify(len <= data.length - pos,
                        "record %d of %d declares a %d-byte value but only %d bytes of the chunk's %d remain", i,
                        metas.size(), len, data.length - pos, data.length);
                value = Arrays.copyOfRange(data, pos, pos + len);
                pos += len;
            }
            RecordHeaders headers = new RecordHeaders();
            for (RecordHeader h : m.getHeaders()) {
                headers.add(h.getKey(), h.getValue() == null ? null : bytes(h.getValue()));
            }
            byte[] key = m.getKey() == null ? null : bytes(m.getKey());
            records.add(new ChunkRecord(key, value, m.getTimestamp(), headers, m.getSourceOffset()));
        }
        CorruptChunkException.verify(pos == data.length,
                "the chunk's %d records hold %d bytes of values but its data is %d bytes", metas.size(), pos,
                data.length);
        return new Contents(data, List.copyOf(records), block.codec());
    }

    /**
     * The original records one record of a chunked topic stands for.
     *
     * @param records the chunk's records; for a single value (written by the per-record serializer) one record
     *     with the outer key, timestamp and headers; for a null value one tombstone with the outer key
     * @param fromChunk true when the records' metadata came from a chunk, false when it is the outer record's
     */
    public record Flattened(List<ChunkRecord> records, boolean fromChunk) {}

    /**
     * @throws CorruptChunkException if the envelope is unreadable or its records do not add up to its data
     */
    public Flattened flatten(byte[] outerKey, byte[] outerValue, long outerTimestamp, Headers outerHeaders) {
        if (outerValue == null) {
            return new Flattened(List.of(new ChunkRecord(outerKey, null, outerTimestamp, outerHeaders, -1)), false);
        }
        Contents contents = read(outerValue);
        if (contents.isSingleValue()) {
            return new Flattened(
                    List.of(new ChunkRecord(outerKey, contents.data(), outerTimestamp, outerHeaders, -1)), false);
        }
        return new Flattened(contents.records(), true);
    }

    private static byte[] bytes(ByteBuffer b) {
        ByteBuffer d = b.duplicate();
        byte[] out = new byte[d.remaining()];
        d.get(out);
        return out;
    }

    @Override
    public void close() {
        decoder.close();
    }
}
