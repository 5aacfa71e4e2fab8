package io.tokenpress.codec.neural;

/**
 * Refines a {@link MatchMixer}'s estimate that its match predicts right (codec/MODEL.md, "Context
 * mixing"): a second adaptive estimate, kept per context of the two bytes before the position and a
 * coarse match length, and the model's own probability of the predicted byte are mixed with the match
 * cell's estimate in the logistic domain, by weights (one set per length bucket) learnt online within the
 * chunk. With line contexts (codec/MODEL.md, "Line contexts") a third estimate, kept per column and byte
 * before the position, is mixed in too. Integer arithmetic only. One instance per chunk; not thread-safe.
 */
final class MatchRefiner {
    /** Fixed point of the mixing weights: 1.0. */
    private static final int WEIGHT_ONE = 1 << 16;
    /** Inputs: the cell's estimate, the context's estimate, the model's probability, a bias (and the column's estimate). */
    private final int inputCount;
    /** The bias input (half a nat). */
    private static final int BIAS = 128;
    /** Weight update: {@code w += err * x >> LEARNING_SHIFT} (12-bit error, stretched input). */
    private static final int LEARNING_SHIFT = 8;
    /** Adaptation count limit of a context's estimate (its steps are {@link MatchMixer#RATE}'s). */
    private static final int COUNT_LIMIT = 30;
    /** Keeps the column contexts' keys apart from the two-byte contexts' (which are below 2^19). */
    private static final int COLUMN_TAG = 1 << 24;

    /** Weight sets: per length bucket, for matches in the chunk, then for matches in the primer. */
    private final int[] weights;
    private final int buckets;
    private final Lines lines;
    private final int[] estimate;
    private final byte[] count;
    private final int shift;
    private final int[] inputs = new int[5];
    private int slot;
    private int columnSlot;
    private int weightBase;
    private int mixed;

    /** @param lines the chunk's lines, or null without line contexts */
    MatchRefiner(int chunkLength, Lines lines) {
        this.lines = lines;
        inputCount = lines == null ? 4 : 5;
        buckets = lines == null ? MatchMixer.LENGTH_BUCKETS : MatchMixer.LENGTH_BUCKETS + MatchFinder.RECOVERY_BUCKETS;
        weights = new int[2 * buckets * inputCount];
        int bits = 10;
        while (bits < 16 && (1 << bits) < 2 * chunkLength) {
            bits++;
        }
        estimate = new int[1 << bits];
        java.util.Arrays.fill(estimate, MatchMixer.PROB_ONE / 2);
        count = new byte[1 << bits];
        shift = 32 - bits;
        for (int b = 0; b < 2 * buckets; b++) {
            weights[b * inputCount] = WEIGHT_ONE;
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
        // with line contexts the length bucket reaches 21: one more bit for it
        int key = (context << (lines == null ? 2 : 3) | lengthBucket >> 2) + 1;
        slot = (inPrimer ? key ^ 0x5A5A5A5A : key) * 0x9E3779B1 >>> shift;
        inputs[0] = Logistic.stretch(cellEstimate >> 4);
        inputs[1] = Logistic.stretch(estimate[slot] >> 4);
        inputs[2] = Logistic.stretch((int) ((long) modelFrequency * Logistic.ONE / modelTotal));
        inputs[3] = BIAS;
        if (lines != null) {
            int columnKey = ((Math.min(lines.column(t), 255) << 8 | context & 0xFF) << 3 | lengthBucket >> 2) + COLUMN_TAG;
            columnSlot = (inPrimer ? columnKey ^ 0x5A5A5A5A : columnKey) * 0x9E3779B1 >>> shift;
            inputs[4] = Logistic.stretch(estimate[columnSlot] >> 4);
        }
        weightBase = (inPrimer ? buckets + lengthBucket : lengthBucket) * inputCount;
        long dot = 0;
        for (int i = 0; i < inputCount; i++) {
            dot += (long) weights[weightBase + i] * inputs[i];
        }
        int d = (int) Math.max(-Logistic.LIMIT - 1, Math.min(Logistic.LIMIT + 1, dot >> 16));
        mixed = Logistic.squash(d);
        return mixed << 4;
    }

    /** Learns from whether the predicted byte followed (after {@link #refine}). */
    void update(boolean hit) {
        int err = (hit ? Logistic.ONE - 1 : 0) - mixed;
        for (int i = 0; i < inputCount; i++) {
            int w = weights[weightBase + i] + (err * inputs[i] >> LEARNING_SHIFT);
            weights[weightBase + i] = Math.max(-8 * WEIGHT_ONE, Math.min(8 * WEIGHT_ONE, w));
        }
        adapt(slot, hit);
        if (lines != null) {
            adapt(columnSlot, hit);
        }
    }

    private void adapt(int s, boolean hit) {
        int n = count[s];
        int target = hit ? MatchMixer.PROB_ONE - 1 : 1;
        int p = estimate[s] + (int) ((long) (target - estimate[s]) * MatchMixer.RATE[n] >> 16);
        estimate[s] = Math.max(1, Math.min(MatchMixer.PROB_ONE - 1, p));
        if (n < COUNT_LIMIT) {
            count[s] = (byte) (n + 1);
        }
    }
}
