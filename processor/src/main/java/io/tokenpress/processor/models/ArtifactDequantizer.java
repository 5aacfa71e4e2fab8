package io.tokenpress.processor.models;

import io.tokenpress.codec.model.ArchConfig;
import io.tokenpress.codec.model.ArtifactTensor;
import io.tokenpress.codec.model.FloatWeights;
import io.tokenpress.codec.model.ModelArtifact;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Float weights recovered from a model artifact's integers, for retraining a model whose float weights
 * were not kept (e.g. a bundled model). The result is a float network that computes the integer
 * recipe of codec/MODEL.md without its clamps, with int8 activations read as {@code x / 127} (unit scale,
 * so that training steps are of a sensible size for every tensor):
 * <ul>
 *   <li>a linear layer {@code y = RQ(W_q x, m, sh)} becomes {@code W' = W_q * m / 2^sh} (times 127 where
 *       it writes the residual stream or the logits);
 *   <li>a norm gain {@code g} (fixed point, 12 fraction bits) becomes {@code g / (2^12 * 127)};
 *   <li>the attention score multiplier is folded evenly into the query and key projections, the
 *       probability-times-value multiplier ({@code PA * m / 2^sh}) into the value projection;
 *   <li>the output logits (1/16 nat) and the bias tables are divided by 16, giving nats;
 *   <li>the residual streams are rescaled to unit RMS of their embedding table (norms are scale-free).
 * </ul>
 * The compressor's float weights are copied as they are. Exporting the result again gives a model that
 * codes almost exactly as the original (it differs where the integer recipe clamps).
 */
public final class ArtifactDequantizer {
    private static final double S = 16;
    private static final double PA = 1 << 16;
    private static final double GAIN_ONE = 1 << 12;
    /** int8 activations are expressed as {@code x / 127}, so every activation is of unit scale. */
    private static final double A8 = 127;

    private final ModelArtifact artifact;
    private final ArchConfig cfg;
    private final Map<String, FloatWeights.Tensor> out = new LinkedHashMap<>();

    private ArtifactDequantizer(ModelArtifact artifact) {
        this.artifact = artifact;
        this.cfg = artifact.config();
    }

    /** The float weights of {@code artifact}, as described above. */
    public static FloatWeights dequantize(ModelArtifact artifact) {
        return new ArtifactDequantizer(artifact).run();
    }

    private FloatWeights run() {
        boolean latent = cfg.encoderLayers() > 0 && cfg.latentVocab() > 0 && artifact.has("enc.embed");
        double decRes = residualScale("dec.embed");
        embed("dec.embed", decRes);
        bias("dec.relbias");
        for (int i = 0; i < cfg.decoderLayers(); i++) {
            String p = "dec." + i;
            norm(p + ".self.norm");
            attention(p + ".self", decRes);
            if (latent && artifact.has(p + ".cross.q.w")) {
                norm(p + ".cross.norm");
                attention(p + ".cross", decRes);
            }
            norm(p + ".ffn.norm");
            linear(p + ".ffn.in", 1);
            linear(p + ".ffn.out", decRes * A8);
        }
        norm("dec.norm");
        linear("dec.out", A8 / S);
        if (latent) {
            double encRes = residualScale("enc.embed");
            embed("enc.embed", encRes);
            bias("enc.relbias");
            for (int i = 0; i < cfg.encoderLayers(); i++) {
                String p = "enc." + i;
                norm(p + ".self.norm");
                attention(p + ".self", encRes);
                norm(p + ".ffn.norm");
                linear(p + ".ffn.in", 1);
                linear(p + ".ffn.out", encRes * A8);
            }
            norm("enc.norm");
        }
        for (ArtifactTensor t : artifact.tensors().values()) {
            if (t.dtype() == ArtifactTensor.DType.FLOAT32 && t.name().startsWith("cmp.")) {
                out.put(t.name(), new FloatWeights.Tensor(t.shape().clone(), t.floats().clone()));
            }
        }
        return new FloatWeights(cfg, out);
    }

    /** 1 / RMS of an embedding table: the factor that brings its residual stream to unit scale. */
    private double residualScale(String embed) {
        int[] v = artifact.tensor(embed).ints();
        double ss = 0;
        for (int x : v) {
            ss += (double) x * x;
        }
        double rms = Math.sqrt(ss / Math.max(1, v.length));
        return rms == 0 ? 1 : 1 / rms;
    }

    private void embed(String name, double scale) {
        ArtifactTensor t = artifact.tensor(name);
        float[] f = new float[t.ints().length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) (t.ints()[i] * scale);
        }
        out.put(name, new FloatWeights.Tensor(t.shape().clone(), f));
    }

    private void bias(String name) {
        ArtifactTensor t = artifact.tensor(name);
        float[] f = new float[t.ints().length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) (t.ints()[i] / S);
        }
        out.put(name, new FloatWeights.Tensor(t.shape().clone(), f));
    }

    private void norm(String name) {
        ArtifactTensor t = artifact.tensor(name + ".g");
        float[] f = new float[t.ints().length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) (t.ints()[i] / (GAIN_ONE * A8));
        }
        out.put(name, new FloatWeights.Tensor(t.shape().clone(), f));
    }

    private void attention(String p, double residualScale) {
        double[] score = multiplier(p + ".score");
        double fold = A8 * Math.sqrt(score[0] * Math.sqrt(cfg.headDim()) / S);
        linear(p + ".q", fold);
        linear(p + ".k", fold);
        linear(p + ".v", PA * multiplier(p + ".mix")[0]);
        linear(p + ".o", residualScale * A8);
    }

    /** {@code W' = W * m[o] / 2^sh[o] * factor}, row by row. */
    private void linear(String name, double factor) {
        ArtifactTensor w = artifact.tensor(name + ".w");
        int[] m = artifact.tensor(name + ".m").ints();
        int[] sh = artifact.tensor(name + ".sh").ints();
        int rows = w.shape()[0];
        int cols = w.shape()[1];
        float[] f = new float[rows * cols];
        for (int o = 0; o < rows; o++) {
            double scale = m[o] / Math.pow(2, sh[o]) * factor;
            for (int k = 0; k < cols; k++) {
                f[o * cols + k] = (float) (w.ints()[o * cols + k] * scale);
            }
        }
        out.put(name, new FloatWeights.Tensor(w.shape().clone(), f));
    }

    private double[] multiplier(String name) {
        int[] v = artifact.tensor(name).ints();
        return new double[] {v[0] / Math.pow(2, v[1])};
    }
}
