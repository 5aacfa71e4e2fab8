package io.tokenpress.processor.chunk;

import io.tokenpress.codec.ChunkDecoder;
import io.tokenpress.codec.CorruptChunkException;
import io.tokenpress.codec.container.EnvelopeFormat;
import io.tokenpress.schema.CodecKind;
import io.tokenpress.serdes.ChunkRecord;
import io.tokenpress.serdes.internals.EnvelopeWireFormat;
import java.util.List;
import java.util.Objects;

/**
 * Unpacks a chunk envelope written by {@link ChunkWriter} back into its records, verifying that the
 * decoded data holds exactly the declared values. The parsing is the serdes' ({@link
 * io.tokenpress.serdes.internals.ChunkReader}), so replay, the processor's verification and the
 * consumer-side serdes read chunks with one implementation and one record type; this class rejects
 * envelopes without record metadata (single values, which the processor never writes).
 * Owns its decoder: {@link #close()} closes it.
 */
public final class ChunkReader implements AutoCloseable {
    private final io.tokenpress.serdes.internals.ChunkReader reader;

    /** @param maxChunkBytes chunks declaring more original bytes are rejected as corrupt */
    public ChunkReader(ChunkDecoder decoder, int maxChunkBytes) {
        // no schema registry: the processor writes single-object encoding
        this.reader = new io.tokenpress.serdes.internals.ChunkReader(
                new EnvelopeWireFormat(new EnvelopeFormat(maxChunkBytes), null, false), Objects.requireNonNull(decoder, "decoder"));
    }

    /** The records of one chunk and the codec that wrote it. */
    public record Unpacked(List<ChunkRecord> records, CodecKind codec) {}

    /**
     * @throws CorruptChunkException if the envelope is corrupt, holds no record metadata, its data fails
     *     length or CRC checks, or the record lengths do not add up to the data
     * @throws io.tokenpress.codec.ModelNotFoundException if the chunk needs a model that is not available
     */
    public Unpacked read(byte[] envelopeBytes) {
        io.tokenpress.serdes.internals.ChunkReader.Contents contents = reader.read(envelopeBytes);
        CorruptChunkException.verify(!contents.isSingleValue(), "chunk holds no record metadata");
        return new Unpacked(contents.records(), contents.codec());
    }

    /** Closes the decoder (which may hold a model-topic consumer). */
    @Override
    public void close() {
        reader.close();
    }
}
