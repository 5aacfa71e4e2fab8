package io.tokenpress.codec.neural;

import io.tokenpress.codec.model.ArchConfig;
import io.tokenpress.codec.model.ModelArtifact;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The reference backend: plain Java integer arithmetic, no native code. Teacher-forced evaluation runs
 * tiles of {@value #TILE} positions (matrix-matrix products that reuse each weight row); incremental
 * evaluation runs tiles of one. With {@code threads > 1} the output channels of large products and the
 * query rows of attention are split over a pool; results do not depend on it.
 */
public final class JavaDecompressorBackend implements DecompressorBackend {
    /** Positions per teacher-forced tile. */
    static final int TILE = 32;

    private final ModelArtifact artifact;
    private final IntModel model;
    private final Parallel par;

    /**
     * @param threads threads each evaluation may use (1: the calling thread only)
     * @throws io.tokenpress.codec.model.CorruptModelException if the artifact's tensors are inconsistent
     */
    public JavaDecompressorBackend(ModelArtifact artifact, int threads) {
        this.artifact = artifact;
        this.model = new IntModel(artifact);
        this.par = new Parallel(threads);
    }

    /** A single-threaded backend (parallelism then comes from evaluating several chunks at once). */
    public JavaDecompressorBackend(ModelArtifact artifact) {
        this(artifact, 1);
    }

    @Override
    public String name() {
        return "java";
    }

    @Override
    public ModelArtifact model() {
        return artifact;
    }

    @Override
    public void evaluate(int[] latent, byte[] data, TableSink sink) {
        evaluate(latent, data, par, sink);
    }

    private void evaluate(int[] latent, byte[] data, Parallel par, TableSink sink) {
        int n = data.length;
        if (n == 0) {
            return;
        }
        int tile = Math.min(TILE, n);
        IntDecoderRun run = new IntDecoderRun(model, latent, tile, par);
        int[] tokens = new int[tile];
        for (int start = 0; start < n; start += tile) {
            int count = Math.min(tile, n - start);
            for (int i = 0; i < count; i++) {
                int t = start + i;
                tokens[i] = t == 0 ? ArchConfig.BOS : data[t - 1] & 0xFF;
            }
            run.step(tokens, count, sink);
        }
    }

    /**
     * With {@code threads > 1}, evaluates the chunks in parallel, one chunk per thread at a time (each
     * chunk's products then run on its own thread); the sink is called under a lock, so never
     * concurrently, and each chunk's positions arrive in order. Tables are those of {@link #evaluate}.
     */
    @Override
    public void evaluateBatch(List<int[]> latents, List<byte[]> chunks, BatchSink sink) {
        if (latents.size() != chunks.size()) {
            throw new IllegalArgumentException(latents.size() + " latents for " + chunks.size() + " chunks");
        }
        if (par.threads() == 1 || chunks.size() < 2) {
            DecompressorBackend.super.evaluateBatch(latents, chunks, sink);
            return;
        }
        Object lock = new Object();
        AtomicInteger next = new AtomicInteger();
        try (Parallel serial = new Parallel(1)) {
            par.forRange(par.threads(), Long.MAX_VALUE, (from, to) -> {
                for (int i = next.getAndIncrement(); i < chunks.size(); i = next.getAndIncrement()) {
                    int chunk = i;
                    evaluate(latents.get(i), chunks.get(i), serial, (t, cum) -> {
                        synchronized (lock) {
                            sink.accept(chunk, t, cum);
                        }
                    });
                }
            });
        }
    }

    @Override
    public Session open(int[] latent) {
        IntDecoderRun run = new IntDecoderRun(model, latent, 1, par);
        return new Session() {
            private final int[] token = new int[1];
            private int[] table;

            @Override
            public int[] next(int inputToken) {
                token[0] = inputToken;
                run.step(token, 1, (p, cum) -> table = cum);
                return table;
            }

            @Override
            public int position() {
                return run.position();
            }
        };
    }

    @Override
    public void close() {
        par.close();
    }
}
