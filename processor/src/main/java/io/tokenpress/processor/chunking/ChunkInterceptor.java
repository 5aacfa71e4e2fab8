package io.tokenpress.processor.chunking;

import io.tokenpress.processor.chunk.ChunkWriter;
import io.tokenpress.serdes.ChunkRecord;
import java.util.List;

/**
 * A hook the chunking processor calls after it has written a chunk and before it forwards it: it may
 * look at the chunk (feedback, metrics) and may replace it (e.g. re-written with a fallback codec after a
 * failed verification). One instance per stream task; called on the task's thread only.
 */
public interface ChunkInterceptor extends AutoCloseable {

    /** An interceptor that forwards every chunk unchanged. */
    ChunkInterceptor NONE = chunk -> chunk.written();

    /**
     * A chunk as the processor wrote it.
     *
     * @param partition the input partition (= output partition)
     * @param records the chunk's records, in order, with their source offsets
     * @param written the envelope and the coded block
     * @param encodeNanos time the encoder took to write it
     */
    record Chunk(int partition, List<ChunkRecord> records, ChunkWriter.Written written, long encodeNanos) {}

    /** @return the chunk to forward: {@code chunk.written()} or a replacement holding the same records */
    ChunkWriter.Written intercept(Chunk chunk);

    @Override
    default void close() {}
}
