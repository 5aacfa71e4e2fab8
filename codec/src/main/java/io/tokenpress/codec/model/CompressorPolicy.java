package io.tokenpress.codec.model;

/**
 * The compressor of codec/MODEL.md read as a stochastic policy {@code pi(c | x)}: the log-probability
 * (natural log) of a given latent under it, with the same stopping rule as sampling (the end token after
 * the last latent token, unless the latent has the maximum length). The processor logs this value with
 * sampled feedback chunks as the behaviour log-probability that off-policy retraining weighs against.
 * Float arithmetic, deterministic on one JVM; thread-safe.
 */
public final class CompressorPolicy {
    private final FloatReference ref;
    private final ArchConfig cfg;

    /**
     * @param weights weights holding the {@code cmp.*} tensors (e.g. {@link ModelArtifact#compressorWeights()})
     * @throws IllegalArgumentException if the model has no latent vocabulary
     */
    public CompressorPolicy(FloatWeights weights) {
        this.cfg = weights.config();
        if (cfg.latentVocab() <= 0 || cfg.maxLatent() <= 0) {
            throw new IllegalArgumentException("model has no latent vocabulary");
        }
        this.ref = new FloatReference(weights);
    }

    /**
     * {@code log pi(latent | data)} in nats. The empty latent has the probability of emitting the end
     * token first.
     *
     * @throws IllegalArgumentException if a token is outside {@code [0, latentVocab)} or the latent is
     *     longer than {@code maxLatent}
     */
    public double logProb(byte[] data, int[] latent) {
        if (latent.length > cfg.maxLatent()) {
            throw new IllegalArgumentException("latent of " + latent.length + " tokens exceeds maxLatent " + cfg.maxLatent());
        }
        int[] bytes = new int[data.length];
        for (int i = 0; i < data.length; i++) {
            bytes[i] = data[i] & 0xFF;
        }
        float[][] enc = ref.encoderOutput("cmp.enc", bytes, (p, v) -> {});
        double lp = 0;
        int end = cfg.latentVocab();
        for (int j = 0; j <= latent.length; j++) {
            if (j == latent.length && latent.length == cfg.maxLatent()) {
                break; // sampling stops at maxLatent without drawing the end token
            }
            int target = j < latent.length ? latent[j] : end;
            if (target < 0 || target > end || (j < latent.length && target == end)) {
                throw new IllegalArgumentException("latent token " + target + " outside [0, " + end + ")");
            }
            float[] logits = ref.compressorNextLogits(enc, java.util.Arrays.copyOf(latent, j));
            lp += logSoftmax(logits, target);
        }
        return lp;
    }

    private static double logSoftmax(float[] logits, int index) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : logits) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (float v : logits) {
            sum += Math.exp(v - max);
        }
        return logits[index] - max - Math.log(sum);
    }
}
