package io.tokenpress.codec;

import io.tokenpress.schema.CodecKind;
import java.util.Arrays;
import java.util.Objects;

/**
 * The coded form of one chunk of bytes: which codec wrote it, the model and latent tokens it used
 * (neural only), the coded payload, and the length and CRC32C of the original bytes that every
 * decoder verifies.
 *
 * <p>Immutable: the arrays are copied in and out.
 */
public final class CodedBlock {
    private final CodecKind codec;
    private final byte[] modelId;
    private final int[] latentTokens;
    private final byte[] payload;
    private final int originalLength;
    private final int crc32c;

    public CodedBlock(
            CodecKind codec, byte[] modelId, int[] latentTokens, byte[] payload, int originalLength, int crc32c) {
        this.codec = Objects.requireNonNull(codec, "codec");
        this.modelId = modelId == null ? new byte[0] : modelId.clone();
        this.latentTokens = latentTokens == null ? new int[0] : latentTokens.clone();
        this.payload = Objects.requireNonNull(payload, "payload").clone();
        if (originalLength < 0) {
            throw new IllegalArgumentException("originalLength < 0: " + originalLength);
        }
        this.originalLength = originalLength;
        this.crc32c = crc32c;
    }

    /** A block written by a codec that uses no model and no latent (raw, zstd). */
    public static CodedBlock plain(CodecKind codec, byte[] payload, byte[] original) {
        return new CodedBlock(codec, null, null, payload, original.length, Checksums.crc32c(original));
    }

    public CodecKind codec() {
        return codec;
    }

    public byte[] modelId() {
        return modelId.clone();
    }

    public int[] latentTokens() {
        return latentTokens.clone();
    }

    public byte[] payload() {
        return payload.clone();
    }

    /** Size of the payload in bytes, without copying it. */
    public int payloadLength() {
        return payload.length;
    }

    /** Number of latent tokens, without copying them. */
    public int latentLength() {
        return latentTokens.length;
    }

    public int originalLength() {
        return originalLength;
    }

    public int crc32c() {
        return crc32c;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof CodedBlock)) {
            return false;
        }
        CodedBlock b = (CodedBlock) o;
        return codec == b.codec
                && originalLength == b.originalLength
                && crc32c == b.crc32c
                && Arrays.equals(modelId, b.modelId)
                && Arrays.equals(latentTokens, b.latentTokens)
                && Arrays.equals(payload, b.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(codec, originalLength, crc32c, Arrays.hashCode(payload));
    }

    @Override
    public String toString() {
        return "CodedBlock{" + codec + ", payload=" + payload.length + "B, original=" + originalLength
                + "B, latent=" + latentTokens.length + "}";
    }
}
