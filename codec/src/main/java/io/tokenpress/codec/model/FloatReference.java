package io.tokenpress.codec.model;

import java.util.List;

/**
 * The float forward pass of codec/MODEL.md in plain Java: the decompressor's bits per byte with float
 * weights (what training optimises, compared with the integer runtime in the manifest's metrics), the
 * activation ranges the exporter calibrates on, and the compressor's latent proposals. Not
 * deterministic across machines and never used to code bytes. Thread-safe (no mutable state).
 */
public final class FloatReference {

    /** Receives activations at the named quantization points (see {@link ModelExporter}). */
    public interface Observer {
        void observe(String point, float[] values);
    }

    private static final Observer NONE = (p, v) -> {};

    private final FloatWeights w;
    private final ArchConfig c;

    public FloatReference(FloatWeights weights) {
        this.w = weights;
        this.c = weights.config();
    }

    public ArchConfig config() {
        return c;
    }

    /** Bits per byte of {@code chunks} under the float decompressor with the empty latent. */
    public double bitsPerByte(List<byte[]> chunks) {
        double bits = 0;
        long bytes = 0;
        for (byte[] chunk : chunks) {
            bits += bits(new int[0], chunk);
            bytes += chunk.length;
        }
        return bytes == 0 ? 0 : bits / bytes;
    }

    /** {@code -log2 q(data | latent)} under the float decompressor. */
    public double bits(int[] latent, byte[] data) {
        float[][] logits = decoderLogits(latent, data, NONE);
        double bits = 0;
        for (int t = 0; t < data.length; t++) {
            bits -= logSoftmax(logits[t], data[t] & 0xFF) / Math.log(2);
        }
        return bits;
    }

    /** Decompressor logits of every position (teacher-forced), reporting activations to {@code obs}. */
    public float[][] decoderLogits(int[] latent, byte[] data, Observer obs) {
        int n = data.length;
        int d = c.dModel();
        float[][] enc = latent.length > 0 ? encoderOutput("enc", latent, obs) : null;
        float[][] h = new float[n][];
        float[] embed = w.get("dec.embed").data();
        for (int t = 0; t < n; t++) {
            int tok = t == 0 ? ArchConfig.BOS : data[t - 1] & 0xFF;
            h[t] = java.util.Arrays.copyOfRange(embed, tok * d, tok * d + d);
            obs.observe("dec.res", h[t]);
        }
        float[] bias = w.get("dec.relbias").data();
        for (int i = 0; i < c.decoderLayers(); i++) {
            String p = "dec." + i;
            float[][] a = norm(p + ".self.norm", h, obs);
            add(h, attention(p + ".self", a, a, bias, Mask.CAUSAL_WINDOW, c.window(), obs), "dec.res", obs);
            if (enc != null) {
                a = norm(p + ".cross.norm", h, obs);
                add(h, attention(p + ".cross", a, enc, null, Mask.NONE, 0, obs), "dec.res", obs);
            }
            a = norm(p + ".ffn.norm", h, obs);
            add(h, ffn(p + ".ffn", a, obs), "dec.res", obs);
        }
        float[][] fin = norm("dec.norm", h, obs);
        float[] out = w.get("dec.out").data();
        float[][] logits = new float[n][];
        for (int t = 0; t < n; t++) {
            logits[t] = matvec(out, ArchConfig.BYTE_SYMBOLS, d, fin[t]);
        }
        return logits;
    }

    /** Output of the decompressor's latent encoder ({@code prefix = "enc"}) or the compressor's ({@code "cmp.enc"}). */
    float[][] encoderOutput(String prefix, int[] tokens, Observer obs) {
        int d = c.dModel();
        float[] embed = w.get(prefix + ".embed").data();
        float[][] e = new float[tokens.length][];
        String res = prefix + ".res";
        for (int j = 0; j < tokens.length; j++) {
            e[j] = java.util.Arrays.copyOfRange(embed, tokens[j] * d, tokens[j] * d + d);
            obs.observe(res, e[j]);
        }
        float[] bias = w.get(prefix + ".relbias").data();
        int layers = prefix.equals("enc") ? c.encoderLayers() : c.compressorLayers();
        for (int i = 0; i < layers; i++) {
            String p = prefix + "." + i;
            float[][] a = norm(p + ".self.norm", e, obs);
            add(e, attention(p + ".self", a, a, bias, Mask.BIDIRECTIONAL, 0, obs), res, obs);
            a = norm(p + ".ffn.norm", e, obs);
            add(e, ffn(p + ".ffn", a, obs), res, obs);
        }
        return norm(prefix + ".norm", e, obs);
    }

    /**
     * Logits of the compressor's latent decoder over {@code V + 1} symbols (index {@code V} = end) for
     * the position after {@code prefixTokens}, given the compressor encoder output {@code byteEnc}.
     */
    float[] compressorNextLogits(float[][] byteEnc, int[] prefixTokens) {
        int d = c.dModel();
        int n = prefixTokens.length + 1;
        int vocab = c.latentVocab();
        float[] embed = w.get("cmp.dec.embed").data();
        float[][] h = new float[n][];
        for (int t = 0; t < n; t++) {
            int tok = t == 0 ? vocab : prefixTokens[t - 1];
            h[t] = java.util.Arrays.copyOfRange(embed, tok * d, tok * d + d);
        }
        float[] bias = w.get("cmp.dec.relbias").data();
        for (int i = 0; i < c.compressorLayers(); i++) {
            String p = "cmp.dec." + i;
            float[][] a = norm(p + ".self.norm", h, NONE);
            add(h, attention(p + ".self", a, a, bias, Mask.CAUSAL_WINDOW, Integer.MAX_VALUE, NONE), "", NONE);
            if (byteEnc.length > 0) {
                a = norm(p + ".cross.norm", h, NONE);
                add(h, attention(p + ".cross", a, byteEnc, null, Mask.NONE, 0, NONE), "", NONE);
            }
            a = norm(p + ".ffn.norm", h, NONE);
            add(h, ffn(p + ".ffn", a, NONE), "", NONE);
        }
        float[] fin = rmsnorm(h[n - 1], w.get("cmp.dec.norm").data());
        return matvec(w.get("cmp.dec.out").data(), vocab + 1, d, fin);
    }

    private enum Mask {
        NONE,
        BIDIRECTIONAL,
        CAUSAL_WINDOW
    }

    private float[][] norm(String name, float[][] x, Observer obs) {
        float[] g = w.get(name).data();
        float[][] y = new float[x.length][];
        for (int t = 0; t < x.length; t++) {
            y[t] = rmsnorm(x[t], g);
            obs.observe(name, y[t]);
        }
        return y;
    }

    static float[] rmsnorm(float[] x, float[] g) {
        double ss = 0;
        for (float v : x) {
            ss += (double) v * v;
        }
        float inv = (float) (1.0 / Math.sqrt(ss / x.length + 1e-6));
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i] * inv * g[i];
        }
        return y;
    }

    private static void add(float[][] h, float[][] delta, String point, Observer obs) {
        for (int t = 0; t < h.length; t++) {
            for (int i = 0; i < h[t].length; i++) {
                h[t][i] += delta[t][i];
            }
            obs.observe(point, h[t]);
        }
    }

    private float[][] ffn(String p, float[][] a, Observer obs) {
        int d = c.dModel();
        int f = c.dFF();
        float[] in = w.get(p + ".in").data();
        float[] out = w.get(p + ".out").data();
        float[][] y = new float[a.length][];
        for (int t = 0; t < a.length; t++) {
            float[] u = matvec(in, f, d, a[t]);
            for (int i = 0; i < f; i++) {
                u[i] = Math.max(0f, u[i]);
            }
            obs.observe(p + ".hidden", u);
            y[t] = matvec(out, d, f, u);
        }
        return y;
    }

    private float[][] attention(String p, float[][] xq, float[][] xkv, float[] bias, Mask mask, int window, Observer obs) {
        int d = c.dModel();
        int heads = c.heads();
        int dh = c.headDim();
        float[] wq = w.get(p + ".q").data();
        float[] wk = w.get(p + ".k").data();
        float[] wv = w.get(p + ".v").data();
        float[] wo = w.get(p + ".o").data();
        int n = xq.length;
        int m = xkv.length;
        float[][] q = new float[n][];
        float[][] k = new float[m][];
        float[][] v = new float[m][];
        for (int t = 0; t < n; t++) {
            q[t] = matvec(wq, d, d, xq[t]);
            obs.observe(p + ".q", q[t]);
        }
        for (int s = 0; s < m; s++) {
            k[s] = matvec(wk, d, d, xkv[s]);
            v[s] = matvec(wv, d, d, xkv[s]);
            obs.observe(p + ".k", k[s]);
            obs.observe(p + ".v", v[s]);
        }
        float scale = (float) (1.0 / Math.sqrt(dh));
        // bucket of every relative position s - t in [-(n-1), m-1], computed once (StrictMath.log is slow)
        int[] bucketByRel = null;
        if (bias != null) {
            bucketByRel = new int[n + m];
            for (int rel = -(n - 1); rel <= m - 1; rel++) {
                bucketByRel[rel + n - 1] = RelativePositionBuckets.bucket(
                        rel, mask == Mask.BIDIRECTIONAL, c.relBuckets(), c.relMaxDistance());
            }
        }
        float[][] out = new float[n][];
        double[] score = new double[m];
        for (int t = 0; t < n; t++) {
            int from = 0;
            int to = m - 1;
            if (mask == Mask.CAUSAL_WINDOW) {
                to = t;
                from = (int) Math.max(0, (long) t - window + 1);
            }
            float[] mix = new float[d];
            for (int h = 0; h < heads; h++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int s = from; s <= to; s++) {
                    float[] qt = q[t];
                    float[] ks = k[s];
                    float dot = 0;
                    for (int j = h * dh, e = j + dh; j < e; j++) {
                        dot += qt[j] * ks[j];
                    }
                    double z = dot * scale;
                    if (bias != null) {
                        z += bias[h * c.relBuckets() + bucketByRel[s - t + n - 1]];
                    }
                    score[s] = z;
                    max = Math.max(max, z);
                }
                double sum = 0;
                for (int s = from; s <= to; s++) {
                    score[s] = Math.exp(score[s] - max);
                    sum += score[s];
                }
                for (int s = from; s <= to; s++) {
                    float pr = (float) (score[s] / sum);
                    for (int j = 0; j < dh; j++) {
                        mix[h * dh + j] += pr * v[s][h * dh + j];
                    }
                }
            }
            obs.observe(p + ".mix", mix);
            out[t] = matvec(wo, d, d, mix);
        }
        return out;
    }

    static float[] matvec(float[] wt, int rows, int cols, float[] x) {
        float[] y = new float[rows];
        for (int r = 0; r < rows; r++) {
            float acc = 0;
            int o = r * cols;
            for (int k = 0; k < cols; k++) {
                acc += wt[o + k] * x[k];
            }
            y[r] = acc;
        }
        return y;
    }

    static double logSoftmax(float[] logits, int index) {
        double max = Double.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l);
        }
        double sum = 0;
        for (float l : logits) {
            sum += Math.exp(l - max);
        }
        return logits[index] - max - Math.log(sum);
    }
}
