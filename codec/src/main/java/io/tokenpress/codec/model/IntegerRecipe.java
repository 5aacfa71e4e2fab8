package io.tokenpress.codec.model;

/**
 * Constants of the integer recipe {@code int8-v1} (codec/MODEL.md, "Integer inference"), shared by the
 * exporter and the backends.
 */
public final class IntegerRecipe {
    private IntegerRecipe() {}

    /** Bound of int8 activations and weights: {@code [-A8, A8]}. */
    public static final int A8 = 127;

    /** Bound of the residual stream: {@code [-R16, R16]}. */
    public static final int R16 = 32767;

    /** Logits and attention scores are integers in units of {@code 1/S} nat. */
    public static final int S = 16;

    /** Attention probabilities of one query sum to at most {@code PA}. */
    public static final int PA = 1 << 16;

    /** Total of every output frequency table. */
    public static final int FREQ_TOTAL = 1 << 20;

    /** {@code EXP[0]}: the exp table's fixed-point one. */
    public static final int EXP_ONE = 1 << 20;

    /** Largest multiplier of a requantization ({@code m < 2^15}). */
    public static final int MAX_MULTIPLIER = (1 << 15) - 1;

    /** Largest shift of a requantization. */
    public static final int MAX_SHIFT = 40;

    /** Fixed-point bits of a norm gain. */
    public static final int GAIN_BITS = 12;

    /** Norm gains are below this in magnitude. */
    public static final int MAX_GAIN = (1 << 20) - 1;

    /** Name of the exp table tensor. */
    public static final String EXP_TABLE = "softmax.exp";

    /** The exp table of {@code int8-v1}: {@code round(2^20 · exp(-j/16))}, ending with its first 0. */
    public static int[] expTable() {
        int[] t = new int[512];
        int n = 0;
        while (true) {
            long v = Math.round(EXP_ONE * StrictMath.exp(-(double) n / S));
            t[n++] = (int) v;
            if (v == 0) {
                break;
            }
        }
        return java.util.Arrays.copyOf(t, n);
    }

    /**
     * The pair {@code (m, sh)} with {@code m / 2^sh ≈ multiplier}: the largest {@code sh <= 40} with
     * {@code round(multiplier · 2^sh) < 2^15}.
     */
    public static int[] multiplier(double multiplier) {
        if (!(multiplier >= 0) || Double.isInfinite(multiplier)) {
            throw new IllegalArgumentException("bad requantization multiplier " + multiplier);
        }
        for (int sh = MAX_SHIFT; sh >= 1; sh--) {
            long m = Math.round(multiplier * Math.pow(2, sh));
            if (m <= MAX_MULTIPLIER) {
                return new int[] {(int) m, sh};
            }
        }
        return new int[] {MAX_MULTIPLIER, 1};
    }
}
