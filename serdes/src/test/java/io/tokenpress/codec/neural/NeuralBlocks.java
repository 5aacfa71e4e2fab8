package io.tokenpress.codec.neural;

import io.tokenpress.codec.Checksums;
import io.tokenpress.codec.CodedBlock;
import io.tokenpress.codec.model.ModelArtifact;
import io.tokenpress.schema.CodecKind;

/**
 * Test-only bridge for the serdes tests: codes data with the neural codec unconditionally (the encoder keeps
 * the smallest candidate, and a model with random weights never beats raw bytes, so its output would not
 * exercise the neural decoding path).
 */
public final class NeuralBlocks {
    private NeuralBlocks() {}

    /** A NEURAL block of {@code data} under {@code model} with the empty latent. */
    public static CodedBlock neural(ModelArtifact model, byte[] data) {
        try (JavaDecompressorBackend backend = new JavaDecompressorBackend(model)) {
            return new CodedBlock(CodecKind.NEURAL, model.shortId(), new int[0],
                    NeuralCoding.encode(backend, MatchMixing.recipe(model), new int[0], data), data.length, Checksums.crc32c(data));
        }
    }
}
