package io.tokenpress.codec.model;

import static io.tokenpress.codec.model.IntegerRecipe.A8;
import static io.tokenpress.codec.model.IntegerRecipe.PA;
import static io.tokenpress.codec.model.IntegerRecipe.R16;
import static io.tokenpress.codec.model.IntegerRecipe.S;

import io.tokenpress.codec.model.ArtifactTensor.DType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns float weights and calibrated activation ranges into the integer tensors of codec/MODEL.md
 * ("How the exporter chooses the integers").
 */
final class Quantizer {
    private final FloatWeights w;
    private final ArchConfig c;
    private final Map<String, Double> maxAbs;
    private final List<ArtifactTensor> out = new ArrayList<>();

    Quantizer(FloatWeights w, Map<String, Double> maxAbs) {
        this.w = w;
        this.c = w.config();
        this.maxAbs = maxAbs;
    }

    List<ArtifactTensor> quantize() {
        out.add(ArtifactTensor.ofInts(IntegerRecipe.EXP_TABLE, DType.INT32, new int[] {IntegerRecipe.expTable().length},
                IntegerRecipe.expTable()));
        boolean latent = c.encoderLayers() > 0 && c.latentVocab() > 0;
        embed("dec.embed", "dec.res");
        bias("dec.relbias");
        for (int i = 0; i < c.decoderLayers(); i++) {
            String p = "dec." + i;
            norm(p + ".self.norm");
            attention(p + ".self", p + ".self.norm", p + ".self.norm", "dec.res");
            if (latent) {
                norm(p + ".cross.norm");
                attention(p + ".cross", p + ".cross.norm", "enc.norm", "dec.res");
            }
            norm(p + ".ffn.norm");
            linear(p + ".ffn.in", p + ".ffn.norm", scale8(p + ".ffn.hidden"));
            linear(p + ".ffn.out", p + ".ffn.hidden", resScale("dec.res"));
        }
        norm("dec.norm");
        linear("dec.out", "dec.norm", 1.0 / S);
        if (latent) {
            embed("enc.embed", "enc.res");
            bias("enc.relbias");
            for (int i = 0; i < c.encoderLayers(); i++) {
                String p = "enc." + i;
                norm(p + ".self.norm");
                attention(p + ".self", p + ".self.norm", p + ".self.norm", "enc.res");
                norm(p + ".ffn.norm");
                linear(p + ".ffn.in", p + ".ffn.norm", scale8(p + ".ffn.hidden"));
                linear(p + ".ffn.out", p + ".ffn.hidden", resScale("enc.res"));
            }
            norm("enc.norm");
        }
        return out;
    }

    private double range(String point) {
        Double m = maxAbs.get(point);
        return m == null || !(m > 1e-6) ? 1e-6 : m;
    }

    double scale8(String point) {
        return range(point) / A8;
    }

    double resScale(String stack) {
        return 2 * range(stack) / R16;
    }

    private void embed(String name, String stack) {
        FloatWeights.Tensor t = w.get(name);
        double s = resScale(stack);
        int[] q = new int[t.data().length];
        for (int i = 0; i < q.length; i++) {
            q[i] = (int) clamp(Math.round(t.data()[i] / s), -R16, R16);
        }
        out.add(ArtifactTensor.ofInts(name, DType.INT16, t.shape(), q));
    }

    private void bias(String name) {
        FloatWeights.Tensor t = w.get(name);
        int[] q = new int[t.data().length];
        for (int i = 0; i < q.length; i++) {
            q[i] = (int) clamp(Math.round((double) t.data()[i] * S), -(1 << 20), 1 << 20);
        }
        out.add(ArtifactTensor.ofInts(name, DType.INT32, t.shape(), q));
    }

    private void norm(String name) {
        FloatWeights.Tensor t = w.get(name);
        double s = scale8(name);
        int[] q = new int[t.data().length];
        for (int i = 0; i < q.length; i++) {
            q[i] = (int) clamp(Math.round(t.data()[i] / s * (1 << IntegerRecipe.GAIN_BITS)),
                    -IntegerRecipe.MAX_GAIN, IntegerRecipe.MAX_GAIN);
        }
        out.add(ArtifactTensor.ofInts(name + ".g", DType.INT32, t.shape(), q));
    }

    private void attention(String p, String qInput, String kvInput, String stack) {
        linear(p + ".q", qInput, scale8(p + ".q"));
        linear(p + ".k", kvInput, scale8(p + ".k"));
        linear(p + ".v", kvInput, scale8(p + ".v"));
        linear(p + ".o", p + ".mix", resScale(stack));
        double score = scale8(p + ".q") * scale8(p + ".k") * S / Math.sqrt(c.headDim());
        out.add(ArtifactTensor.ofInts(p + ".score", DType.INT32, new int[] {2}, IntegerRecipe.multiplier(score)));
        double mix = scale8(p + ".v") / ((double) PA * scale8(p + ".mix"));
        out.add(ArtifactTensor.ofInts(p + ".mix", DType.INT32, new int[] {2}, IntegerRecipe.multiplier(mix)));
    }

    /** Quantizes linear {@code name} whose input has the scale of {@code inputPoint}, into scale {@code outScale}. */
    private void linear(String name, String inputPoint, double outScale) {
        FloatWeights.Tensor t = w.get(name);
        int rows = t.shape()[0];
        int cols = t.shape()[1];
        double sx = scale8(inputPoint);
        int[] q = new int[rows * cols];
        int[] m = new int[rows];
        int[] sh = new int[rows];
        for (int r = 0; r < rows; r++) {
            double max = 0;
            for (int k = 0; k < cols; k++) {
                max = Math.max(max, Math.abs(t.data()[r * cols + k]));
            }
            double sw = max > 0 ? max / A8 : 1;
            for (int k = 0; k < cols; k++) {
                q[r * cols + k] = (int) clamp(Math.round(t.data()[r * cols + k] / sw), -A8, A8);
            }
            int[] ms = IntegerRecipe.multiplier(sx * sw / outScale);
            m[r] = ms[0];
            sh[r] = ms[1];
        }
        out.add(ArtifactTensor.ofInts(name + ".w", DType.INT8, t.shape(), q));
        out.add(ArtifactTensor.ofInts(name + ".m", DType.INT32, new int[] {rows}, m));
        out.add(ArtifactTensor.ofInts(name + ".sh", DType.INT32, new int[] {rows}, sh));
    }

    private static long clamp(long v, long lo, long hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
