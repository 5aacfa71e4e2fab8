package io.tokenpress.codec.neural;

import io.tokenpress.codec.model.ModelArtifact;
import java.util.List;

/**
 * Runs a model artifact's integer decompressor (codec/MODEL.md, "Integer inference"): for each position
 * of a chunk, the cumulative frequency table (257 entries, {@code cum[0] = 0}, {@code cum[256] = 2^20})
 * of the next byte given the previous bytes and the latent. Every backend returns bit-identical tables
 * for the same artifact, latent and bytes, whatever the machine or thread count. Implementations are
 * thread-safe: concurrent calls evaluate different chunks in parallel.
 */
public interface DecompressorBackend extends AutoCloseable {

    /** Receives the table of one position; the array is reused after the call returns. */
    @FunctionalInterface
    interface TableSink {
        void accept(int position, int[] cumulative);
    }

    /** Incremental evaluation with a KV cache, one position at a time (what the decoder needs). */
    interface Session extends AutoCloseable {
        /**
         * Feeds the input token of the next position ({@code 256} = BOS at position 0, else the previous
         * byte) and returns that position's cumulative table (reused by the next call).
         */
        int[] next(int inputToken);

        /** Positions evaluated so far. */
        int position();

        @Override
        default void close() {}
    }

    /** Short name: {@code java} or {@code djl}. */
    String name();

    ModelArtifact model();

    /**
     * Teacher-forced evaluation of every position of {@code data} given {@code latent}: calls {@code sink}
     * for positions {@code 0..data.length-1} in order.
     *
     * @throws IllegalArgumentException if a latent token is out of range or the model has no latent encoder
     */
    void evaluate(int[] latent, byte[] data, TableSink sink);

    /** Receives the table of one position of one chunk of a batch; the array is reused after the call returns. */
    @FunctionalInterface
    interface BatchSink {
        void accept(int chunk, int position, int[] cumulative);
    }

    /**
     * Teacher-forced evaluation of several chunks, chunk {@code i} = {@code chunks.get(i)} given
     * {@code latents.get(i)}: the same tables as {@link #evaluate} of each chunk. The sink is never called
     * concurrently; the positions of one chunk arrive in order, different chunks may interleave. The
     * default evaluates the chunks one by one; engines that batch across chunks override it.
     *
     * @throws IllegalArgumentException if the lists differ in size, or as {@link #evaluate}
     */
    default void evaluateBatch(List<int[]> latents, List<byte[]> chunks, BatchSink sink) {
        if (latents.size() != chunks.size()) {
            throw new IllegalArgumentException(latents.size() + " latents for " + chunks.size() + " chunks");
        }
        for (int i = 0; i < chunks.size(); i++) {
            int chunk = i;
            evaluate(latents.get(i), chunks.get(i), (t, cum) -> sink.accept(chunk, t, cum));
        }
    }

    /** Starts an incremental evaluation given {@code latent}. */
    Session open(int[] latent);

    @Override
    default void close() {}
}
