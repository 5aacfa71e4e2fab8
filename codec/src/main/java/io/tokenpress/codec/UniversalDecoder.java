package io.tokenpress.codec;

import io.tokenpress.codec.baseline.ZstdChunkEncoder;

/** Decodes blocks of every codec kind and verifies length and CRC32C of the result. */
public final class UniversalDecoder implements ChunkDecoder {
    private final NeuralBlockDecoder neural;

    /** @param neural decoder for NEURAL blocks, or null when no models are available */
    public UniversalDecoder(NeuralBlockDecoder neural) {
        this.neural = neural;
    }

    @Override
    public byte[] decode(CodedBlock block) {
        byte[] out;
        switch (block.codec()) {
            case RAW:
                out = block.payload();
                break;
            case ZSTD:
                out = ZstdChunkEncoder.decompress(block.payload(), block.originalLength());
                break;
            case NEURAL:
                if (neural == null) {
                    throw new ModelNotFoundException("chunk was written by the neural codec (model "
                            + ModelIds.toHex(block.modelId()) + ") but no model store is configured");
                }
                out = neural.decodeNeural(block);
                break;
            default:
                throw new CorruptChunkException("unknown codec " + block.codec());
        }
        CorruptChunkException.verify(
                out.length == block.originalLength(),
                "decoded %d bytes but the envelope declares %d (codec %s)",
                out.length,
                block.originalLength(),
                block.codec());
        int crc = Checksums.crc32c(out);
        CorruptChunkException.verify(
                crc == block.crc32c(),
                "CRC32C mismatch: envelope says %08x, decoded bytes give %08x (codec %s)",
                block.crc32c(),
                crc,
                block.codec());
        return out;
    }
}
