package io.tokenpress.codec;

/**
 * Decodes the payload of a NEURAL block. Implemented by the neural codec runtime; kept as a seam so the
 * universal decoder does not depend on model code.
 */
public interface NeuralBlockDecoder {
    /**
     * Decodes {@code block} (codec NEURAL) to exactly {@code block.originalLength()} bytes. The caller
     * verifies the CRC.
     *
     * @throws ModelNotFoundException if the model is not available
     * @throws CorruptChunkException if the payload is corrupt
     */
    byte[] decodeNeural(CodedBlock block);
}
