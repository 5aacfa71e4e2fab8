package io.tokenpress.codec.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The compressor of codec/MODEL.md in float: proposes latent token sequences for a chunk (greedy and
 * sampled). Its output is transmitted in the envelope, so it need not be deterministic across machines;
 * with a fixed seed it is deterministic on one JVM. Thread-safe.
 */
public final class FloatCompressor {
    private final FloatReference ref;
    private final ArchConfig cfg;

    /**
     * @param weights weights holding the {@code cmp.*} tensors
     * @throws IllegalArgumentException if the configuration has no latent vocabulary
     */
    public FloatCompressor(FloatWeights weights) {
        this.ref = new FloatReference(weights);
        this.cfg = weights.config();
        if (cfg.latentVocab() <= 0 || cfg.maxLatent() <= 0) {
            throw new IllegalArgumentException("model has no latent vocabulary");
        }
    }

    /**
     * The greedy latent followed by {@code samples} sampled ones (temperature 1, generator seeded with
     * {@code seed}); duplicates and empty latents removed, so the list may be shorter.
     */
    public List<int[]> propose(byte[] data, int samples, long seed) {
        int[] tokens = new int[data.length];
        for (int i = 0; i < data.length; i++) {
            tokens[i] = data[i] & 0xFF;
        }
        float[][] enc = ref.encoderOutput("cmp.enc", tokens, (p, v) -> {});
        List<int[]> out = new ArrayList<>();
        add(out, decode(enc, null));
        Random rnd = new Random(seed);
        for (int i = 0; i < samples; i++) {
            add(out, decode(enc, rnd));
        }
        return out;
    }

    private static void add(List<int[]> out, int[] c) {
        if (c.length == 0) {
            return;
        }
        for (int[] x : out) {
            if (Arrays.equals(x, c)) {
                return;
            }
        }
        out.add(c);
    }

    private int[] decode(float[][] enc, Random rnd) {
        int end = cfg.latentVocab();
        int[] c = new int[cfg.maxLatent()];
        int n = 0;
        while (n < c.length) {
            float[] logits = ref.compressorNextLogits(enc, Arrays.copyOf(c, n));
            int next = rnd == null ? argmax(logits) : sample(logits, rnd);
            if (next == end) {
                break;
            }
            c[n++] = next;
        }
        return Arrays.copyOf(c, n);
    }

    private static int argmax(float[] l) {
        int best = 0;
        for (int i = 1; i < l.length; i++) {
            if (l[i] > l[best]) {
                best = i;
            }
        }
        return best;
    }

    private static int sample(float[] l, Random rnd) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : l) {
            max = Math.max(max, v);
        }
        double[] p = new double[l.length];
        double sum = 0;
        for (int i = 0; i < l.length; i++) {
            p[i] = Math.exp(l[i] - max);
            sum += p[i];
        }
        double r = rnd.nextDouble() * sum;
        for (int i = 0; i < l.length; i++) {
            r -= p[i];
            if (r <= 0) {
                return i;
            }
        }
        return l.length - 1;
    }
}
