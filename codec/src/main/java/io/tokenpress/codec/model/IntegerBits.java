package io.tokenpress.codec.model;

import io.tokenpress.codec.model.IntegerRecipe;
import io.tokenpress.codec.neural.DecompressorBackend;
import io.tokenpress.codec.neural.JavaDecompressorBackend;
import java.util.List;

/** The integer decompressor's ideal code length, {@code Σ -log2(f / 2^20)}, over chunks (empty latent). */
public final class IntegerBits {
    private IntegerBits() {}

    /** Bits per byte of {@code chunks} under the artifact's integer decompressor with the empty latent. */
    public static double bitsPerByte(ModelArtifact artifact, List<byte[]> chunks) {
        try (DecompressorBackend b = new JavaDecompressorBackend(artifact)) {
            double bits = 0;
            long n = 0;
            for (byte[] chunk : chunks) {
                bits += bits(b, new int[0], chunk);
                n += chunk.length;
            }
            return n == 0 ? 0 : bits / n;
        }
    }

    /** {@code -log2 q(data | latent)} under the integer tables of {@code backend}. */
    public static double bits(DecompressorBackend backend, int[] latent, byte[] data) {
        double[] bits = {0};
        double total = IntegerRecipe.FREQ_TOTAL;
        backend.evaluate(latent, data, (t, cum) -> {
            int s = data[t] & 0xFF;
            bits[0] -= Math.log((cum[s + 1] - cum[s]) / total);
        });
        return bits[0] / Math.log(2);
    }
}
