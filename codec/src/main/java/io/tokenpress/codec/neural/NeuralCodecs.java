package io.tokenpress.codec.neural;

import io.tokenpress.codec.ChunkDecoder;
import io.tokenpress.codec.ChunkEncoder;
import io.tokenpress.codec.NeuralBlockDecoder;
import io.tokenpress.codec.UniversalDecoder;
import io.tokenpress.codec.model.ModelArtifact;
import io.tokenpress.codec.store.ModelSource;

/** Factories of the neural codec; read as sentences: {@code NeuralCodecs.encoder(model, opts)}. */
public final class NeuralCodecs {
    private NeuralCodecs() {}

    /**
     * An encoder that writes each chunk with the smallest of: neural with the empty latent, neural with
     * the compressor's proposed latents (where the model has a compressor), zstd, raw.
     *
     * @throws IllegalArgumentException if {@code opts} names an engine that is not available
     */
    public static ChunkEncoder encoder(ModelArtifact model, NeuralOptions opts) {
        return new NeuralChunkEncoder(model, opts);
    }

    /** The decoder of NEURAL blocks (java engine, one thread per block), for {@link UniversalDecoder}. */
    public static NeuralBlockDecoder decoder(ModelSource source) {
        return decoder(source, "java", 1);
    }

    /** The decoder of NEURAL blocks with the given engine and threads per block. */
    public static NeuralBlockDecoder decoder(ModelSource source, String engine, int threads) {
        return new NeuralChunkDecoder(source, engine, threads);
    }

    /** A decoder of every block kind that finds models in {@code source}. */
    public static ChunkDecoder universalDecoder(ModelSource source) {
        return new UniversalDecoder(decoder(source));
    }
}
