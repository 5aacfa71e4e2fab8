package io.tokenpress.codec.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.tokenpress.codec.model.ArchConfig;
import io.tokenpress.codec.model.FloatWeights;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

/**
 * Retrains a model pair from logged feedback: chunks the processor sampled together with the latent it
 * wrote and that latent's behaviour log-probability.
 *
 * <p>Each step takes a batch of logged samples and updates
 * <ul>
 *   <li>the decompressor by maximum likelihood on each chunk given its logged latent and given the empty
 *       latent (so it stays a good plain language model), and
 *   <li>the compressor (where the model has one) by the off-policy policy gradient
 *       {@code -min(pi/mu, clip) * (r - V(x)) * grad log pi(c|x)} on the logged latents, where {@code mu}
 *       is the logged behaviour log-probability, {@code r = -(bits(c) + L_D(x|c)) / |x|} under the current
 *       decompressor, and the value head {@code V} is the baseline (regressed on {@code r}).
 * </ul>
 * The compressor's byte encoder attends over the whole chunk, so chunks longer than
 * {@link Options#maxPolicyBytes()} contribute to the decompressor only.
 */
public final class FeedbackTrainer {

    /** One logged chunk: its bytes, the latent it was written with (may be empty), {@code log mu(c|x)} in nats. */
    public record Sample(byte[] chunk, int[] latent, double behaviourLogProb) {
        public Sample {
            Objects.requireNonNull(chunk, "chunk");
            latent = latent == null ? new int[0] : latent;
        }
    }

    /**
     * Settings of a retraining run.
     *
     * @param steps optimizer steps
     * @param batchSize logged samples per step
     * @param learningRate Adam learning rate (constant)
     * @param importanceClip upper clip of the importance weight {@code pi/mu}
     * @param maxPolicyBytes longest chunk the compressor is updated on
     * @param seed seed of the batch sampling
     */
    public record Options(int steps, int batchSize, double learningRate, double importanceClip, int maxPolicyBytes, long seed) {
        public Options {
            if (steps < 0 || batchSize < 1 || learningRate <= 0 || importanceClip <= 0 || maxPolicyBytes < 0) {
                throw new IllegalArgumentException("invalid retraining options: steps " + steps + ", batch " + batchSize
                        + ", lr " + learningRate + ", clip " + importanceClip + ", maxPolicyBytes " + maxPolicyBytes);
            }
        }

        /** 200 steps, batch 4, learning rate 1e-3, clip 2, compressor updates up to 4 KiB chunks, seed 1. */
        public static Options defaults() {
            return new Options(200, 4, 1e-3, 2.0, 4096, 1);
        }

        public Options withSteps(int s) {
            return new Options(s, batchSize, learningRate, importanceClip, maxPolicyBytes, seed);
        }

        public Options withLearningRate(double lr) {
            return new Options(steps, batchSize, lr, importanceClip, maxPolicyBytes, seed);
        }

        public Options withBatchSize(int b) {
            return new Options(steps, b, learningRate, importanceClip, maxPolicyBytes, seed);
        }
    }

    /**
     * The outcome: new weights and the mean reward per byte ({@code -(bits(c) + L_D)/|x|}, float, logged
     * latents) over all samples before and after.
     */
    public record Result(FloatWeights weights, double meanRewardBefore, double meanRewardAfter, int steps) {}

    /** Receives a line per logged step. */
    public interface Progress {
        void step(int step, double meanRewardPerByte, double decompressorBitsPerByte);
    }

    private FeedbackTrainer() {}

    /**
     * Trains from {@code start} on {@code samples}.
     *
     * @throws IllegalArgumentException if there are no samples or a latent does not fit the model
     */
    public static Result train(FloatWeights start, List<Sample> samples, Options opt, Progress progress) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("no feedback samples to train on");
        }
        ArchConfig cfg = start.config();
        for (Sample s : samples) {
            validate(cfg, s.latent());
        }
        ParameterSet params = ParameterSet.fromWeights(start, opt.seed());
        AdamOptimizer adam = new AdamOptimizer(params, 0.9, 0.98, 1.0);
        boolean policy = T5Graph.hasLatent(cfg) && cfg.compressorLayers() > 0 && cfg.maxLatent() > 0;
        Random rnd = new Random(opt.seed());
        try (NDManager root = NDManager.newBaseManager()) {
            double before = meanReward(root, params, samples);
            for (int step = 0; step < opt.steps(); step++) {
                List<Sample> batch = new ArrayList<>();
                for (int i = 0; i < opt.batchSize(); i++) {
                    batch.add(samples.get(rnd.nextInt(samples.size())));
                }
                List<byte[]> chunks = new ArrayList<>();
                List<int[]> latents = new ArrayList<>();
                for (Sample s : batch) {
                    chunks.add(s.chunk());
                    latents.add(T5Graph.hasLatent(cfg) ? s.latent() : new int[0]);
                    if (s.latent().length > 0 && T5Graph.hasLatent(cfg)) {
                        chunks.add(s.chunk());
                        latents.add(new int[0]);
                    }
                }
                DecompressorPass.Result d = DecompressorPass.run(root, params, chunks, latents, null, true);
                Map<String, float[]> grads = new LinkedHashMap<>(d.grads());
                if (policy) {
                    addPolicyGradient(root, params, batch, d, opt, grads);
                }
                adam.step(params, grads, opt.learningRate());
                if (progress != null && (step % 10 == 0 || step == opt.steps() - 1)) {
                    progress.step(step, rewardOf(d, chunks, latents), d.bitsPerByte());
                }
            }
            double after = meanReward(root, params, samples);
            return new Result(params.toWeights(), before, after, opt.steps());
        }
    }

    /** Mean reward per byte of the logged latents under {@code weights} (float decompressor). */
    public static double meanReward(FloatWeights weights, List<Sample> samples) {
        ParameterSet params = ParameterSet.fromWeights(weights, 0);
        try (NDManager root = NDManager.newBaseManager()) {
            return meanReward(root, params, samples);
        }
    }

    private static double meanReward(NDManager root, ParameterSet params, List<Sample> samples) {
        double total = 0;
        long bytes = 0;
        boolean latent = T5Graph.hasLatent(params.config());
        for (int i = 0; i < samples.size(); i += 8) {
            List<byte[]> chunks = new ArrayList<>();
            List<int[]> latents = new ArrayList<>();
            for (Sample s : samples.subList(i, Math.min(samples.size(), i + 8))) {
                chunks.add(s.chunk());
                latents.add(latent ? s.latent() : new int[0]);
            }
            DecompressorPass.Result r = DecompressorPass.run(root, params, chunks, latents, null, false);
            for (int j = 0; j < chunks.size(); j++) {
                total -= LatentCost.bits(latents.get(j)) + r.bits()[j];
                bytes += chunks.get(j).length;
            }
        }
        return total / Math.max(1, bytes);
    }

    private static double rewardOf(DecompressorPass.Result d, List<byte[]> chunks, List<int[]> latents) {
        double total = 0;
        long bytes = 0;
        for (int i = 0; i < chunks.size(); i++) {
            total -= LatentCost.bits(latents.get(i)) + d.bits()[i];
            bytes += chunks.get(i).length;
        }
        return total / Math.max(1, bytes);
    }

    /**
     * Adds the compressor's gradients for the batch: one graph per sample, since the byte encoder runs
     * without padding on chunks of differing lengths.
     */
    private static void addPolicyGradient(NDManager root, ParameterSet params, List<Sample> batch, DecompressorPass.Result d,
            Options opt, Map<String, float[]> grads) {
        ArchConfig cfg = params.config();
        int v = cfg.latentVocab();
        int l = cfg.maxLatent() + 1;
        int row = 0;
        List<Integer> rows = new ArrayList<>();
        for (Sample s : batch) {
            rows.add(row);
            row += s.latent().length > 0 ? 2 : 1;
        }
        int n = batch.size();
        for (int i = 0; i < n; i++) {
            Sample s = batch.get(i);
            if (s.chunk().length == 0 || s.chunk().length > opt.maxPolicyBytes()) {
                continue;
            }
            int[] c = s.latent();
            double reward = -(LatentCost.bits(c) + d.bits()[rows.get(i)]) / s.chunk().length;
            long[] in = new long[l];
            long[] tgt = new long[l];
            float[] mask = new float[l];
            for (int j = 0; j < l; j++) {
                in[j] = j == 0 ? v : (j - 1 < c.length ? c[j - 1] : v);
                if (j < c.length) {
                    tgt[j] = c[j];
                    mask[j] = 1f;
                } else if (j == c.length && c.length < cfg.maxLatent()) {
                    tgt[j] = v;
                    mask[j] = 1f;
                } else {
                    tgt[j] = v;
                }
            }
            try (NDManager m = root.newSubManager()) {
                Map<String, NDArray> nd = params.toNd(m, CompressorRl.COMPRESSOR, true);
                T5Graph g = new T5Graph(cfg, m, nd);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray states = g.byteEncoder(CompressorRl.bytesArray(m, List.of(s.chunk())));
                    NDArray h = g.latentDecoderStates(m.create(in, new Shape(1, l)), states);
                    NDArray lp = g.latentLogits(h).logSoftmax(-1).gather(m.create(tgt, new Shape(1, l)).expandDims(-1), -1).squeeze(-1);
                    NDArray logPi = lp.mul(m.create(mask, new Shape(1, l))).sum(new int[] {1});
                    NDArray value = g.value(h);
                    double pi = logPi.toFloatArray()[0];
                    double val = value.toFloatArray()[0];
                    double rho = Math.min(opt.importanceClip(), Math.exp(pi - s.behaviourLogProb()));
                    float coef = (float) (rho * (reward - val) / n);
                    NDArray pg = logPi.mul(m.create(coef)).sum().neg();
                    NDArray err = value.sub(m.create((float) reward));
                    NDArray loss = pg.add(err.mul(err).mean().mul(m.create(0.5f / n)));
                    gc.backward(loss);
                }
                nd.forEach((name, a) -> {
                    float[] gr = a.getGradient().toFloatArray();
                    float[] acc = grads.computeIfAbsent(name, k -> new float[gr.length]);
                    for (int k = 0; k < gr.length; k++) {
                        acc[k] += gr[k];
                    }
                });
            }
        }
    }

    private static void validate(ArchConfig cfg, int[] latent) {
        if (latent.length > 0 && !T5Graph.hasLatent(cfg)) {
            return; // a model without latent path ignores logged latents
        }
        if (latent.length > cfg.maxLatent() && cfg.maxLatent() > 0) {
            throw new IllegalArgumentException("logged latent of " + latent.length + " tokens exceeds maxLatent " + cfg.maxLatent());
        }
        for (int t : latent) {
            if (t < 0 || t >= cfg.latentVocab()) {
                throw new IllegalArgumentException("logged latent token " + t + " outside [0, " + cfg.latentVocab() + ")");
            }
        }
    }
}
