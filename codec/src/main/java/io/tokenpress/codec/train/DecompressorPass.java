package io.tokenpress.codec.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.tokenpress.codec.model.ArchConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * One teacher-forced pass of the decompressor over a batch of chunks, each with its latent (possibly
 * empty): the coded size of every chunk in bits and, when training, the gradients of the mean
 * per-byte loss.
 */
final class DecompressorPass {
    private static final double LN2 = Math.log(2);

    /**
     * @param bits float code length in bits of each chunk given its latent
     * @param grads gradients of the mean loss per byte (nats), by tensor name; empty unless training
     */
    record Result(double[] bits, long bytes, Map<String, float[]> grads) {
        double bitsPerByte() {
            double s = 0;
            for (double b : bits) {
                s += b;
            }
            return s / Math.max(1, bytes);
        }
    }

    private DecompressorPass() {}

    /** The tensors a decompressor pass uses. */
    static Predicate<String> used(boolean withLatent) {
        return n -> (n.startsWith("dec.") && (withLatent || !n.contains(".cross.")))
                || (withLatent && n.startsWith("enc."));
    }

    /**
     * Runs the pass.
     *
     * @param latents one per chunk, each token in {@code [0, latentVocab)}; empty arrays for no latent
     * @param sampleWeights per-chunk loss weights (null = 1 each)
     */
    static Result run(NDManager root, ParameterSet params, List<byte[]> chunks, List<int[]> latents, double[] sampleWeights, boolean train) {
        ArchConfig cfg = params.config();
        int b = chunks.size();
        int maxLen = 1;
        int maxLatent = 0;
        long bytes = 0;
        for (int i = 0; i < b; i++) {
            maxLen = Math.max(maxLen, chunks.get(i).length);
            bytes += chunks.get(i).length;
            if (latents != null) {
                maxLatent = Math.max(maxLatent, latents.get(i).length);
            }
        }
        boolean withLatent = maxLatent > 0 && T5Graph.hasLatent(cfg);
        int w = cfg.window();
        int t = ((maxLen + w - 1) / w) * w;
        long[] inputs = new long[b * t];
        long[] targets = new long[b * t];
        float[] weights = new float[b * t];
        for (int i = 0; i < b; i++) {
            byte[] x = chunks.get(i);
            inputs[i * t] = ArchConfig.BOS;
            for (int k = 0; k < x.length; k++) {
                if (k > 0) {
                    inputs[i * t + k] = x[k - 1] & 0xff;
                }
                targets[i * t + k] = x[k] & 0xff;
                weights[i * t + k] = 1f;
            }
        }
        try (NDManager m = root.newSubManager()) {
            Map<String, NDArray> nd = params.toNd(m, used(withLatent), train);
            T5Graph g = new T5Graph(cfg, m, nd);
            NDArray tokens = m.create(inputs, new Shape(b, t));
            NDArray tgt = m.create(targets, new Shape(b, t));
            NDArray wts = m.create(weights, new Shape(b, t));
            double[] bits = new double[b];
            if (train) {
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray nll = forward(g, m, cfg, tokens, tgt, wts, latents, withLatent, maxLatent);
                    copyBits(nll, bits);
                    float[] sw = new float[b];
                    for (int i = 0; i < b; i++) {
                        sw[i] = sampleWeights == null ? 1f : (float) sampleWeights[i];
                    }
                    NDArray loss = nll.mul(m.create(sw)).sum().div(m.create((float) Math.max(1, bytes)));
                    gc.backward(loss);
                }
                Map<String, float[]> grads = new LinkedHashMap<>();
                nd.forEach((k, v) -> grads.put(k, v.getGradient().toFloatArray()));
                return new Result(bits, bytes, grads);
            }
            NDArray nll = forward(g, m, cfg, tokens, tgt, wts, latents, withLatent, maxLatent);
            copyBits(nll, bits);
            return new Result(bits, bytes, Map.of());
        }
    }

    private static void copyBits(NDArray nll, double[] bits) {
        float[] n = nll.toFloatArray();
        for (int i = 0; i < n.length; i++) {
            bits[i] = n[i] / LN2;
        }
    }

    private static NDArray forward(T5Graph g, NDManager m, ArchConfig cfg, NDArray tokens, NDArray tgt, NDArray wts,
            List<int[]> latents, boolean withLatent, int maxLatent) {
        NDArray encOut = null;
        NDArray keyMask = null;
        NDArray gate = null;
        if (withLatent) {
            int b = latents.size();
            long[] lat = new long[b * maxLatent];
            int[] lens = new int[b];
            float[] gates = new float[b];
            for (int i = 0; i < b; i++) {
                int[] c = latents.get(i);
                lens[i] = c.length;
                gates[i] = c.length > 0 ? 1f : 0f;
                for (int j = 0; j < c.length; j++) {
                    if (c[j] < 0 || c[j] >= cfg.latentVocab()) {
                        throw new IllegalArgumentException("latent token " + c[j] + " outside [0, " + cfg.latentVocab() + ")");
                    }
                    lat[i * maxLatent + j] = c[j];
                }
            }
            keyMask = g.keyMask(lens, maxLatent);
            encOut = g.latentEncoder(m.create(lat, new Shape(b, maxLatent)), keyMask);
            gate = m.create(gates, new Shape(b, 1, 1));
        }
        NDArray logits = g.decoder(tokens, encOut, keyMask, gate);
        return g.sequenceNll(logits, tgt, wts);
    }
}
