package io.tokenpress.codec.train;

import io.tokenpress.codec.model.ArchConfig;
import io.tokenpress.codec.model.FloatWeights;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adam with global-norm gradient clipping, in plain Java over {@link ParameterSet}'s arrays. Its
 * moments are saved with checkpoints so a resumed run continues the same trajectory.
 */
final class AdamOptimizer {
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double clipNorm;
    private final Map<String, float[]> m;
    private final Map<String, float[]> v;
    private final Map<String, Long> steps = new LinkedHashMap<>();

    AdamOptimizer(ParameterSet params, double beta1, double beta2, double clipNorm) {
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = 1e-8;
        this.clipNorm = clipNorm;
        this.m = params.zerosLike();
        this.v = params.zerosLike();
    }

    /** Global L2 norm of some gradients. */
    static double norm(Map<String, float[]> grads) {
        double ss = 0;
        for (float[] g : grads.values()) {
            for (float x : g) {
                ss += (double) x * x;
            }
        }
        return Math.sqrt(ss);
    }

    /**
     * Applies one update to the tensors named in {@code grads} (others are untouched, their moments too).
     *
     * @return the gradient norm before clipping
     */
    double step(ParameterSet params, Map<String, float[]> grads, double lr) {
        double norm = norm(grads);
        double clip = (clipNorm > 0 && norm > clipNorm) ? clipNorm / norm : 1.0;
        if (!Double.isFinite(norm)) {
            return norm; // skip a poisoned step rather than destroy the weights
        }
        for (Map.Entry<String, float[]> e : grads.entrySet()) {
            String name = e.getKey();
            long t = steps.merge(name, 1L, Long::sum);
            double c1 = 1 - Math.pow(beta1, t);
            double c2 = 1 - Math.pow(beta2, t);
            float[] g = e.getValue();
            float[] w = params.values(name);
            float[] mm = m.get(name);
            float[] vv = v.get(name);
            for (int i = 0; i < g.length; i++) {
                double gi = g[i] * clip;
                mm[i] = (float) (beta1 * mm[i] + (1 - beta1) * gi);
                vv[i] = (float) (beta2 * vv[i] + (1 - beta2) * gi * gi);
                w[i] -= (float) (lr * (mm[i] / c1) / (Math.sqrt(vv[i] / c2) + epsilon));
            }
        }
        return norm;
    }

    /** The optimizer state as float tensors ({@code m:NAME}, {@code v:NAME}, {@code t:NAME}). */
    FloatWeights state(ArchConfig cfg, ParameterSet params) {
        Map<String, FloatWeights.Tensor> t = new LinkedHashMap<>();
        for (String n : m.keySet()) {
            t.put("m:" + n, new FloatWeights.Tensor(params.shape(n).clone(), m.get(n).clone()));
            t.put("v:" + n, new FloatWeights.Tensor(params.shape(n).clone(), v.get(n).clone()));
            t.put("t:" + n, new FloatWeights.Tensor(new int[] {1}, new float[] {steps.getOrDefault(n, 0L)}));
        }
        return new FloatWeights(cfg, t);
    }

    void restore(FloatWeights state) {
        for (String n : m.keySet()) {
            if (state.has("m:" + n) && state.get("m:" + n).data().length == m.get(n).length) {
                System.arraycopy(state.get("m:" + n).data(), 0, m.get(n), 0, m.get(n).length);
                System.arraycopy(state.get("v:" + n).data(), 0, v.get(n), 0, v.get(n).length);
                steps.put(n, (long) state.get("t:" + n).data()[0]);
            }
        }
    }
}
