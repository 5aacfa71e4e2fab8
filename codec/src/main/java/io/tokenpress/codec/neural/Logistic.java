package io.tokenpress.codec.neural;

/**
 * Integer logistic functions for context mixing (codec/MODEL.md, "Context mixing"): {@link #squash} maps a
 * log-odds value in 1/256 nat units ({@code -2047..2047}) to a 12-bit probability by interpolating a fixed
 * 33-entry table, and {@link #stretch} is its inverse by table. Pure integer arithmetic, identical on every
 * machine.
 */
final class Logistic {
    private Logistic() {}

    /** Largest magnitude of a stretched value. */
    static final int LIMIT = 2047;
    /** Probabilities are 12-bit: {@code 0..4095} of 4096. */
    static final int ONE = 4096;

    /** {@code 4096 / (1 + e^(-d/256))} at {@code d = -2048, -1920, ..., 2048}. */
    private static final int[] SQUASH = {
        1, 2, 3, 6, 10, 16, 27, 45, 73, 120, 194, 310, 488, 747, 1101, 1546, 2047, 2549, 2994, 3348, 3607,
        3785, 3901, 3975, 4024, 4050, 4068, 4079, 4085, 4089, 4092, 4093, 4094};
    private static final int[] STRETCH = new int[ONE];

    static {
        int next = 0;
        for (int x = -LIMIT; x <= LIMIT; x++) {
            int v = squash(x);
            for (int i = next; i <= v; i++) {
                STRETCH[i] = x;
            }
            next = v + 1;
        }
        for (int i = next; i < ONE; i++) {
            STRETCH[i] = LIMIT;
        }
    }

    /** The 12-bit probability of log-odds {@code d} (1/256 nat units): 1..4095, monotone in {@code d}. */
    static int squash(int d) {
        if (d > LIMIT) {
            return 4095;
        }
        if (d < -LIMIT) {
            return 1;
        }
        int w = d & 127;
        int i = (d >> 7) + 16;
        return Math.max(1, (SQUASH[i] * (128 - w) + SQUASH[i + 1] * w + 64) >> 7);
    }

    /** The log-odds (1/256 nat units, {@code -2047..2047}) of the 12-bit probability {@code p} (clamped to 0..4095). */
    static int stretch(int p) {
        return STRETCH[Math.max(0, Math.min(ONE - 1, p))];
    }
}
