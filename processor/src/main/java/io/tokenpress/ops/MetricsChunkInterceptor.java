package io.tokenpress.ops;

import io.tokenpress.codec.CodedBlock;
import io.tokenpress.codec.ModelIds;
import io.tokenpress.processor.chunk.ChunkWriter;
import io.tokenpress.processor.chunking.ChunkInterceptor;
import io.tokenpress.schema.CodecKind;
import java.util.Objects;

/**
 * Records every chunk the processor forwards in {@link TokenpressMetrics}: value bytes, envelope
 * bytes, encode time, whether the neural codec lost to a fallback, and the model that wrote it. Wraps
 * the interceptor that decides what is forwarded (e.g. feedback), so it measures what is actually
 * written. One instance per stream task, like every interceptor; the metrics are shared.
 */
public final class MetricsChunkInterceptor implements ChunkInterceptor {
    private final ChunkInterceptor next;
    private final TokenpressMetrics metrics;
    private final boolean neuralConfigured;

    /**
     * @param next the interceptor whose result is forwarded ({@link ChunkInterceptor#NONE} for none)
     * @param neuralConfigured whether {@code codec=neural}: a chunk written otherwise then counts as a fallback
     */
    public MetricsChunkInterceptor(ChunkInterceptor next, TokenpressMetrics metrics, boolean neuralConfigured) {
        this.next = Objects.requireNonNull(next, "next");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.neuralConfigured = neuralConfigured;
    }

    @Override
    public ChunkWriter.Written intercept(Chunk chunk) {
        ChunkWriter.Written out = next.intercept(chunk);
        CodedBlock block = out.block();
        boolean neural = block.codec() == CodecKind.NEURAL;
        metrics.recordChunk(block.originalLength(), out.envelope().length, neuralConfigured && !neural, chunk.encodeNanos());
        if (neural) {
            metrics.modelInUse(ModelIds.toHex(block.modelId()));
        }
        return out;
    }

    @Override
    public void close() {
        next.close();
    }
}
