package io.tokenpress.codec.neural;

/**
 * Refines a {@link MatchMixer}'s estimate that its match predicts right (codec/MODEL.md, "Context
 * mixing"): a second adaptive estimate, kept per context of the two bytes before the position and a
 * coarse match length, and the model's own probability of the predicted byte are mixed with the match
 * cell's estimate in the logistic domain, by weights (one set per length bucket) learnt online within the
 * chunk. Integer arithmetic only. One instance per chunk; not thread-safe.
 */
final class MatchRefiner {
    /** Fixed point of the mixing weights: 1.0. */
    private static final int WEIGHT_ONE = 1 << 16;
    /** Inputs: the cell's estimate, the context's estimate, the model's probability, a bias. */
    private static final int INPUTS = 4;
    /** The bias input (half a nat). */
    private static final int BIAS = 128;
    /** Weight update: {@code w += err * x >> LEARNING_SHIFT} (12-bit error, stretched input). */
    private static final int LEARNING_SHIFT = 8;
    /** Adaptation count limit of a context's estimate (its steps are {@link MatchMixer#RATE}'s). */
    private static final int COUNT_LIMIT = 30;

    /** Weight sets: per length bucket, for matches in the chunk, then for matches in the primer. */
    private final int[] weights = new int[2 * MatchMixer.LENGTH_BUCKETS * INPUTS];
    private final int[] estimate;
    private final byte[] count;
    private final int shift;
    private final int[] inputs = new int[INPUTS];
    private int slot;
    private int weightBase;
    private int mixed;

    MatchRefiner(int chunkLength) {
        int bits = 10;
        while (bits < 16 && (1 << bits) < 2 * chunkLength) {
            bits++;
        }
        estimate = new int[1 << bits];
        java.util.Arrays.fill(estimate, MatchMixer.PROB_ONE / 2);
        count = new byte[1 << bits];
        shift = 32 - bits;
        for (int b = 0; b < 2 * MatchMixer.LENGTH_BUCKETS; b++) {
            weights[b * INPUTS] = WEIGHT_ONE;
        }
    }

    /**
     * The refined probability (16-bit, 1..PROB_ONE-1) that the predicted byte follows at position {@code t}.
     *
     * @param cellEstimate the match cell's estimate, 16-bit
     * @param modelFrequency the model's frequency of the predicted byte, of {@code modelTotal}
     * @param lengthBucket the match's length bucket
     */
    int refine(int cellEstimate, int modelFrequency, int modelTotal, int lengthBucket, boolean inPrimer, byte[] history,
            int t) {
        int context = (t >= 1 ? history[t - 1] & 0xFF : 0) | (t >= 2 ? (history[t - 2] & 0xFF) << 8 : 0);
        int key = (context << 2 | lengthBucket >> 2) + 1;
        slot = (inPrimer ? key ^ 0x5A5A5A5A : key) * 0x9E3779B1 >>> shift;
        inputs[0] = Logistic.stretch(cellEstimate >> 4);
        inputs[1] = Logistic.stretch(estimate[slot] >> 4);
        inputs[2] = Logistic.stretch((int) ((long) modelFrequency * Logistic.ONE / modelTotal));
        inputs[3] = BIAS;
        weightBase = (inPrimer ? MatchMixer.LENGTH_BUCKETS + lengthBucket : lengthBucket) * INPUTS;
        long dot = 0;
        for (int i = 0; i < INPUTS; i++) {
            dot += (long) weights[weightBase + i] * inputs[i];
        }
        int d = (int) Math.max(-Logistic.LIMIT - 1, Math.min(Logistic.LIMIT + 1, dot >> 16));
        mixed = Logistic.squash(d);
        return mixed << 4;
    }

    /** Learns from whether the predicted byte followed (after {@link #refine}). */
    void update(boolean hit) {
        int err = (hit ? Logistic.ONE - 1 : 0) - mixed;
        for (int i = 0; i < INPUTS; i++) {
            int w = weights[weightBase + i] + (err * inputs[i] >> LEARNING_SHIFT);
            weights[weightBase + i] = Math.max(-8 * WEIGHT_ONE, Math.min(8 * WEIGHT_ONE, w));
        }
        int n = count[slot];
        int target = hit ? MatchMixer.PROB_ONE - 1 : 1;
        int p = estimate[slot] + (int) ((long) (target - estimate[slot]) * MatchMixer.RATE[n] >> 16);
        estimate[slot] = Math.max(1, Math.min(MatchMixer.PROB_ONE - 1, p));
        if (n < COUNT_LIMIT) {
            count[slot] = (byte) (n + 1);
        }
    }
}
