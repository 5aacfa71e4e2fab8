package io.tokenpress.codec.neural;

/**
 * Settings of the neural chunk encoder. Immutable; {@code withX} copies.
 *
 * @param engine inference backend: {@code java} (reference) or another registered {@link BackendProvider}
 * @param threads threads one evaluation may use
 * @param zstdLevel level of the zstd candidate every chunk is compared with (1..22)
 * @param samples sampled latents the compressor proposes besides its greedy one
 * @param maxProposalBytes chunks longer than this get no compressor proposals (its encoder attends over
 *     the whole chunk); only the empty latent
 * @param seed seed of the latent sampling
 */
public record NeuralOptions(String engine, int threads, int zstdLevel, int samples, int maxProposalBytes, long seed) {

    public NeuralOptions {
        if (engine == null || engine.isBlank()) {
            throw new IllegalArgumentException("engine must be named");
        }
        if (threads < 1 || zstdLevel < 1 || zstdLevel > 22 || samples < 0 || maxProposalBytes < 0) {
            throw new IllegalArgumentException("invalid neural options: " + engine + ", threads " + threads
                    + ", zstd " + zstdLevel + ", samples " + samples + ", maxProposalBytes " + maxProposalBytes);
        }
    }

    /** java engine, 1 thread, zstd 19, 2 samples, proposals up to 4 KiB, seed 0. */
    public static NeuralOptions defaults() {
        return new NeuralOptions("java", 1, 19, 2, 4 << 10, 0);
    }

    public NeuralOptions withEngine(String e) {
        return new NeuralOptions(e, threads, zstdLevel, samples, maxProposalBytes, seed);
    }

    public NeuralOptions withThreads(int t) {
        return new NeuralOptions(engine, t, zstdLevel, samples, maxProposalBytes, seed);
    }

    public NeuralOptions withZstdLevel(int z) {
        return new NeuralOptions(engine, threads, z, samples, maxProposalBytes, seed);
    }

    public NeuralOptions withSamples(int s) {
        return new NeuralOptions(engine, threads, zstdLevel, s, maxProposalBytes, seed);
    }

    public NeuralOptions withMaxProposalBytes(int m) {
        return new NeuralOptions(engine, threads, zstdLevel, samples, m, seed);
    }
}
