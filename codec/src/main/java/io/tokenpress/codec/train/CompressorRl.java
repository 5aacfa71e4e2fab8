package io.tokenpress.codec.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.tokenpress.codec.model.ArchConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;

/**
 * Off-policy reinforcement learning of the compressor on the reward {@code r = -(bits(c) + L_D(x|c))}
 * in bits, normalised per byte and taken relative to the empty latent's size of the same chunk.
 *
 * <p>Each step draws chunks, samples latents from a behaviour policy (a snapshot of the compressor
 * refreshed every {@code behaviourRefresh} steps), measures every latent's coded size under the
 * current decompressor, and updates the compressor by the importance-weighted policy gradient
 * {@code -min(pi/mu, clip) * (r - V(x)) * grad log pi(c|x)} with the value head {@code V} as baseline
 * (itself regressed on {@code r}). The decompressor is trained by maximum likelihood on the same
 * samples, plus the empty latent of every chunk so that it stays a good plain language model.
 */
final class CompressorRl {
    static final Predicate<String> COMPRESSOR = n -> n.startsWith("cmp.");

    private final ParameterSet params;
    private final TrainingOptions opt;
    private final Random rnd;
    private ParameterSet behaviour;

    /** Numbers of one RL step. */
    record StepStats(double meanRewardPerByte, double decompressorBitsPerByte, double emptyBitsPerByte, double meanLatentLength,
            double valueLoss, double gradNorm, long bytes) {}

    /** A sampled latent with its behaviour log-probability (nats). */
    record Sample(int[] latent, double behaviourLogProb) {}

    CompressorRl(ParameterSet params, TrainingOptions opt, Random rnd) {
        ArchConfig c = params.config();
        if (!T5Graph.hasLatent(c) || c.compressorLayers() == 0 || c.maxLatent() == 0) {
            throw new IllegalArgumentException("RL needs a model with a latent path and a compressor: " + c);
        }
        this.params = params;
        this.opt = opt;
        this.rnd = rnd;
    }

    StepStats step(NDManager root, ByteCorpus data, AdamOptimizer adam, double lr, long step) {
        if (behaviour == null || step % opt.behaviourRefresh() == 0) {
            behaviour = params.with(params.snapshot(COMPRESSOR));
        }
        List<byte[]> chunks = equalLengthChunks(data);
        int b = chunks.size();
        int k = opt.rlSamples();
        List<Sample> samples = sample(root, behaviour, chunks, k, rnd);
        // decompressor: K sampled latents + the empty latent per chunk
        List<byte[]> dChunks = new ArrayList<>();
        List<int[]> dLatents = new ArrayList<>();
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < k; j++) {
                dChunks.add(chunks.get(i));
                dLatents.add(samples.get(i * k + j).latent());
            }
            dChunks.add(chunks.get(i));
            dLatents.add(new int[0]);
        }
        DecompressorPass.Result d = DecompressorPass.run(root, params, dChunks, dLatents, null, true);
        double[] reward = new double[b * k];
        double rewardSum = 0;
        double emptyBits = 0;
        double latentLen = 0;
        long bytes = 0;
        for (int i = 0; i < b; i++) {
            int len = chunks.get(i).length;
            bytes += len;
            double empty = d.bits()[i * (k + 1) + k];
            emptyBits += empty;
            for (int j = 0; j < k; j++) {
                int[] c = samples.get(i * k + j).latent();
                double coded = LatentCost.bits(c) + d.bits()[i * (k + 1) + j];
                // the empty latent's size is a per-chunk baseline that does not depend on c: subtracting it
                // leaves the policy gradient's expectation unchanged and removes most of its variance
                reward[i * k + j] = -(coded - empty) / len;
                rewardSum += -coded;
                latentLen += c.length;
            }
        }
        Map<String, float[]> grads = new LinkedHashMap<>(d.grads());
        double[] vloss = new double[1];
        grads.putAll(policyGradient(root, chunks, samples, reward, vloss));
        double gnorm = adam.step(params, grads, lr);
        return new StepStats(rewardSum / (bytes * (double) k), d.bitsPerByte(), emptyBits / bytes, latentLen / (b * (double) k),
                vloss[0], gnorm, bytes);
    }

    /** Chunks of one length (the byte encoder runs without padding). */
    private List<byte[]> equalLengthChunks(ByteCorpus data) {
        List<byte[]> chunks = new ArrayList<>();
        int min = Integer.MAX_VALUE;
        for (int i = 0; i < opt.rlBatch(); i++) {
            byte[] c = data.sample(rnd, opt.chunkSize());
            chunks.add(c);
            min = Math.min(min, c.length);
        }
        List<byte[]> out = new ArrayList<>();
        for (byte[] c : chunks) {
            out.add(java.util.Arrays.copyOf(c, min));
        }
        return out;
    }

    /**
     * Samples {@code k} latents per chunk from a policy, autoregressively until the end token or
     * {@code maxLatent} tokens (greedily, by argmax, when {@code rnd} is null). Results are ordered
     * chunk-major.
     */
    static List<Sample> sample(NDManager root, ParameterSet policy, List<byte[]> chunks, int k, Random rnd) {
        ArchConfig cfg = policy.config();
        int v = cfg.latentVocab();
        int maxLen = cfg.maxLatent();
        int n = chunks.size() * k;
        int[][] tokens = new int[n][maxLen];
        int[] lens = new int[n];
        boolean[] open = new boolean[n];
        double[] logp = new double[n];
        java.util.Arrays.fill(open, true);
        try (NDManager m = root.newSubManager()) {
            T5Graph g = new T5Graph(cfg, m, policy.toNd(m, COMPRESSOR, false));
            NDArray states = g.byteEncoder(bytesArray(m, chunks)).repeat(0, k);
            for (int pos = 0; pos < maxLen; pos++) {
                long[] in = new long[n * (pos + 1)];
                for (int s = 0; s < n; s++) {
                    in[s * (pos + 1)] = v;
                    for (int j = 0; j < pos; j++) {
                        in[s * (pos + 1) + j + 1] = j < lens[s] ? tokens[s][j] : v;
                    }
                }
                NDArray h = g.latentDecoderStates(m.create(in, new Shape(n, pos + 1)), states);
                float[] lp = g.latentLogits(h.get(":, -1:, :")).logSoftmax(-1).toFloatArray();
                boolean any = false;
                for (int s = 0; s < n; s++) {
                    if (!open[s]) {
                        continue;
                    }
                    int tok = rnd == null ? argmax(lp, s * (v + 1), v + 1) : draw(rnd, lp, s * (v + 1), v + 1);
                    logp[s] += lp[s * (v + 1) + tok];
                    if (tok == v) {
                        open[s] = false;
                    } else {
                        tokens[s][lens[s]++] = tok;
                        any = true;
                    }
                }
                if (!any) {
                    break;
                }
            }
        }
        List<Sample> out = new ArrayList<>();
        for (int s = 0; s < n; s++) {
            out.add(new Sample(java.util.Arrays.copyOf(tokens[s], lens[s]), logp[s]));
        }
        return out;
    }

    private static int argmax(float[] logp, int off, int len) {
        int best = 0;
        for (int i = 1; i < len; i++) {
            if (logp[off + i] > logp[off + best]) {
                best = i;
            }
        }
        return best;
    }

    private static int draw(Random rnd, float[] logp, int off, int len) {
        double u = rnd.nextDouble();
        double acc = 0;
        for (int i = 0; i < len; i++) {
            acc += Math.exp(logp[off + i]);
            if (u < acc) {
                return i;
            }
        }
        return len - 1;
    }

    static NDArray bytesArray(NDManager m, List<byte[]> chunks) {
        int t = chunks.get(0).length;
        long[] a = new long[chunks.size() * t];
        for (int i = 0; i < chunks.size(); i++) {
            byte[] c = chunks.get(i);
            for (int j = 0; j < t; j++) {
                a[i * t + j] = c[j] & 0xff;
            }
        }
        return m.create(a, new Shape(chunks.size(), t));
    }

    /**
     * Gradients of the compressor's loss: clipped-importance-weighted policy gradient with the value
     * head as baseline, plus half the value head's squared error.
     */
    private Map<String, float[]> policyGradient(NDManager root, List<byte[]> chunks, List<Sample> samples, double[] reward, double[] vlossOut) {
        ArchConfig cfg = params.config();
        int v = cfg.latentVocab();
        int l = cfg.maxLatent() + 1;
        int n = samples.size();
        int k = n / chunks.size();
        long[] in = new long[n * l];
        long[] tgt = new long[n * l];
        float[] mask = new float[n * l];
        for (int s = 0; s < n; s++) {
            int[] c = samples.get(s).latent();
            for (int j = 0; j < l; j++) {
                in[s * l + j] = j == 0 ? v : (j - 1 < c.length ? c[j - 1] : v);
                if (j < c.length) {
                    tgt[s * l + j] = c[j];
                    mask[s * l + j] = 1f;
                } else if (j == c.length && c.length < cfg.maxLatent()) {
                    tgt[s * l + j] = v; // the end token the policy chose
                    mask[s * l + j] = 1f;
                } else {
                    tgt[s * l + j] = v;
                }
            }
        }
        try (NDManager m = root.newSubManager()) {
            Map<String, NDArray> nd = params.toNd(m, COMPRESSOR, true);
            T5Graph g = new T5Graph(cfg, m, nd);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray states = g.byteEncoder(bytesArray(m, chunks)).repeat(0, k);
                NDArray h = g.latentDecoderStates(m.create(in, new Shape(n, l)), states);
                NDArray lp = g.latentLogits(h).logSoftmax(-1).gather(m.create(tgt, new Shape(n, l)).expandDims(-1), -1).squeeze(-1);
                NDArray logPi = lp.mul(m.create(mask, new Shape(n, l))).sum(new int[] {1});
                NDArray value = g.value(h);
                float[] pi = logPi.toFloatArray();
                float[] val = value.toFloatArray();
                float[] coef = new float[n];
                float[] r = new float[n];
                double vl = 0;
                for (int s = 0; s < n; s++) {
                    double rho = Math.min(opt.importanceClip(), Math.exp(pi[s] - samples.get(s).behaviourLogProb()));
                    coef[s] = (float) (rho * (reward[s] - val[s]) / n);
                    r[s] = (float) reward[s];
                    vl += (val[s] - reward[s]) * (val[s] - reward[s]);
                }
                vlossOut[0] = vl / n;
                NDArray pg = logPi.mul(m.create(coef)).sum().neg();
                NDArray err = value.sub(m.create(r));
                NDArray loss = pg.add(err.mul(err).mean().mul(m.create(0.5f)));
                gc.backward(loss);
            }
            Map<String, float[]> grads = new LinkedHashMap<>();
            nd.forEach((name, a) -> grads.put(name, a.getGradient().toFloatArray()));
            return grads;
        }
    }
}
