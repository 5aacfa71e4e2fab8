package io.tokenpress.codec.neural;

import io.tokenpress.codec.model.IntegerRecipe;

/**
 * Mixes a {@link MatchFinder}'s prediction into the decompressor's frequency tables (codec/MODEL.md,
 * "Match mixing"). Where a match predicts byte {@code b}, the probability of {@code b} becomes an adaptive
 * estimate looked up by the match length and the model's own probability of {@code b}; the other bytes
 * share the rest in proportion to the model's frequencies, each keeping at least 1. Everything is integer
 * arithmetic (64-bit products and shifts), so encoder and decoder build the same tables on any machine.
 * One instance per chunk; not thread-safe.
 */
final class MatchMixer {
    /** Match length buckets. */
    static final int LENGTH_BUCKETS = 16;
    /**
     * Buckets of the model's probability of the predicted byte: four octaves of {@code f} each below
     * {@code T/2} (0..4), four octaves of {@code T - f} each above (5..9). Coarse on purpose: a cell must
     * adapt within one chunk.
     */
    static final int PROBABILITY_BUCKETS = 10;
    /** Cells of the adaptive table: length bucket major, probability bucket minor. */
    static final int CELLS = LENGTH_BUCKETS * PROBABILITY_BUCKETS;
    /** Cells with line contexts: {@link #CELLS}, then those of a recovering alignment. */
    static final int LINE_CELLS = (LENGTH_BUCKETS + MatchFinder.RECOVERY_BUCKETS) * PROBABILITY_BUCKETS;
    /** Probabilities in the adaptive table are fixed-point with this many bits. */
    static final int PROB_BITS = 16;
    static final int PROB_ONE = 1 << PROB_BITS;
    /** Adaptation count a cell starts at (its prior counts as this many observations). */
    static final int PRIOR_COUNT = 4;
    /** Adaptation count limit: the slowest rate is 1 / (LIMIT + 1.5). */
    static final int COUNT_LIMIT = 60;

    private static final int TOTAL = IntegerRecipe.FREQ_TOTAL;
    private static final int TOTAL_BITS = 20;
    /** The predicted byte's frequency stays within [FLOOR, TOTAL - FLOOR]. */
    private static final int FLOOR = 512;
    /** {@code RATE[n] = 2^17 / (2n + 3)}: the update step for a cell seen n times, in 1/2^16. */
    static final int[] RATE = new int[COUNT_LIMIT + 1];

    static {
        for (int n = 0; n <= COUNT_LIMIT; n++) {
            RATE[n] = (1 << 17) / (2 * n + 3);
        }
    }

    private final MatchFinder finder;
    /** Null unless the recipe uses line contexts (codec/MODEL.md, "Line contexts"). */
    private final Lines lines;
    /** Null unless the recipe mixes contexts (codec/MODEL.md, "Context mixing"); then both are set. */
    private final MatchRefiner refiner;
    private final ContextBlender blender;
    private final int[] probability;
    private final int[] count;
    private final int[] mixed = new int[257];
    private int cell = -1;
    private int predicted;

    /** A mixer as {@code recipe} says: prior, context mixing, primer. */
    MatchMixer(MatchMixing.Recipe recipe, int chunkLength) {
        int[] prior = recipe.prior();
        boolean recover = recipe.lines();
        this.finder = recipe.primer().length == 0 ? new MatchFinder(chunkLength, recover)
                : new MatchFinder(recipe.primer(), recipe.primedTable(), chunkLength, recover);
        this.lines = recipe.lines() ? new Lines() : null;
        this.refiner = recipe.contexts() ? new MatchRefiner(chunkLength, lines) : null;
        this.blender = recipe.contexts() ? new ContextBlender(chunkLength, lines) : null;
        this.probability = prior.clone();
        this.count = new int[prior.length];
        java.util.Arrays.fill(count, PRIOR_COUNT);
    }

    /**
     * The table to code position {@code t} with: {@code cum} itself where no match predicts and contexts are
     * not mixed, else the mixed table (an array reused by the next call).
     */
    int[] table(int[] cum, byte[] history, int t) {
        int[] matched = matchTable(cum, history, t);
        return blender == null ? matched : blender.table(matched, history, t);
    }

    private int[] matchTable(int[] cum, byte[] history, int t) {
        if (!finder.predicting()) {
            cell = -1;
            return cum;
        }
        int b = finder.predicted();
        int f = cum[b + 1] - cum[b];
        int lengthBucket = finder.bucket();
        cell = lengthBucket * PROBABILITY_BUCKETS + probabilityBucket(f);
        predicted = b;
        int estimate = refiner == null ? probability[cell]
                : refiner.refine(probability[cell], f, TOTAL, lengthBucket, finder.inPrimer(), history, t);
        int pb = estimate << (TOTAL_BITS - PROB_BITS);
        pb = Math.max(FLOOR, Math.min(TOTAL - FLOOR, pb));
        long rest = TOTAL - pb;
        long scale = (rest << 32) / (TOTAL - f);
        int sum = 0;
        for (int s = 0; s < 256; s++) {
            mixed[s] = sum;
            if (s != b) {
                sum += Math.max(1, (int) ((cum[s + 1] - cum[s]) * scale >>> 32));
            }
        }
        // the predicted byte takes whatever the others leave: exactly TOTAL in all
        int own = TOTAL - sum;
        for (int s = b + 1; s < 256; s++) {
            mixed[s] += own;
        }
        mixed[256] = TOTAL;
        return mixed;
    }

    /** Takes in the byte coded at position {@code t} (after {@link #table}). */
    void update(byte[] history, int t) {
        if (cell >= 0) {
            boolean hit = (history[t] & 0xFF) == predicted;
            int target = hit ? PROB_ONE - 1 : 1;
            int n = count[cell];
            int p = probability[cell];
            p += (int) ((long) (target - p) * RATE[n] >> 16);
            probability[cell] = Math.max(1, Math.min(PROB_ONE - 1, p));
            if (n < COUNT_LIMIT) {
                count[cell] = n + 1;
            }
            if (refiner != null) {
                refiner.update(hit);
            }
        }
        if (lines != null) {
            lines.update(history, t);
        }
        if (blender != null) {
            blender.update(history, t);
        }
        finder.update(history, t);
    }

    /** The adaptive-table cell the last {@link #table} call used, or -1 when no match predicted. */
    int lastCell() {
        return cell;
    }

    /** The byte the last {@link #table} call's match predicted (when {@link #lastCell()} >= 0). */
    int lastPredicted() {
        return predicted;
    }

    /** A prior that trusts the model: each cell starts at its probability bucket's centre. */
    static int[] neutralPrior() {
        return neutralPrior(CELLS);
    }

    /** {@link #neutralPrior()} of {@code cells} cells ({@link #CELLS} or {@link #LINE_CELLS}). */
    static int[] neutralPrior(int cells) {
        int[] p = new int[cells];
        for (int i = 0; i < cells; i++) {
            p[i] = Math.max(1, Math.min(PROB_ONE - 1, bucketCentre(i % PROBABILITY_BUCKETS) >> (TOTAL_BITS - PROB_BITS)));
        }
        return p;
    }

    /** A frequency in the middle (geometrically) of bucket {@code k}: {@code 2^(4k+2)}, mirrored above. */
    private static int bucketCentre(int k) {
        if (k < PROBABILITY_BUCKETS / 2) {
            return 1 << (4 * k + 2);
        }
        return TOTAL - (1 << (4 * (PROBABILITY_BUCKETS - 1 - k) + 2));
    }

    static int lengthBucket(int len) {
        if (len < 16) {
            return len - MatchFinder.MIN_MATCH;
        }
        if (len < 32) {
            return 13;
        }
        return len < 64 ? 14 : 15;
    }

    /** {@code floor(log2 f) / 4} below TOTAL/2 (0..4), else {@code 9 - floor(log2(TOTAL - f)) / 4} (5..9). */
    static int probabilityBucket(int f) {
        return f < TOTAL / 2 ? log2(f) / 4 : PROBABILITY_BUCKETS - 1 - log2(TOTAL - f) / 4;
    }

    private static int log2(int v) {
        return 31 - Integer.numberOfLeadingZeros(v);
    }
}
