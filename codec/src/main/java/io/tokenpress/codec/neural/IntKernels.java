package io.tokenpress.codec.neural;

import io.tokenpress.codec.model.IntegerRecipe;

/** The primitive integer operations of codec/MODEL.md ("Primitive operations"), on flat row-major arrays. */
final class IntKernels {
    private IntKernels() {}

    static final int A8 = IntegerRecipe.A8;
    static final int R16 = IntegerRecipe.R16;

    /** {@code RQ(a, m, sh) = floor((a·m + 2^(sh-1)) / 2^sh)}. */
    static long rq(long a, int m, int sh) {
        return (a * m + (1L << (sh - 1))) >> sh;
    }

    static int clamp(long v, int lo, int hi) {
        return v < lo ? lo : v > hi ? hi : (int) v;
    }

    /** Largest r with r·r <= n, for 0 <= n < 2^52. */
    static long isqrt(long n) {
        long r = (long) Math.sqrt((double) n);
        while (r * r > n) {
            r--;
        }
        while ((r + 1) * (r + 1) <= n) {
            r++;
        }
        return r;
    }

    /**
     * {@code y[r][o] = clamp(RQ(Σ_k x[r][k]·w[o][k], m[o], sh[o]), lo, hi)} for output channels
     * {@code oFrom..oTo-1} of {@code rows} rows. The int accumulator is exact: |acc| <= 4096·127·127 < 2^31.
     */
    static void linear(int[] x, int rows, IntModel.Linear l, int[] y, int lo, int hi, int oFrom, int oTo) {
        int in = l.in;
        int out = l.out;
        int[] w = l.w;
        for (int o = oFrom; o < oTo; o++) {
            int wo = o * in;
            int m = l.m[o];
            int sh = l.sh[o];
            long half = 1L << (sh - 1);
            for (int r = 0; r < rows; r++) {
                int xo = r * in;
                int acc = 0;
                for (int k = 0; k < in; k++) {
                    acc += x[xo + k] * w[wo + k];
                }
                long v = ((long) acc * m + half) >> sh;
                y[r * out + o] = v < lo ? lo : v > hi ? hi : (int) v;
            }
        }
    }

    /**
     * {@code floor(a / b)} for {@code 0 <= a < 2^52}, {@code b > 0}: float64 division is correctly rounded,
     * so its truncation is the exact quotient in that range (MODEL.md, {@code floor_div}); faster than a
     * 64-bit integer division.
     */
    static long floorDivSmall(long a, long b) {
        return (long) ((double) a / (double) b);
    }

    /** {@code floor(a / b)} for {@code |a| < 2^52}, {@code b > 0}, through float64 as in {@link #floorDivSmall}. */
    static long floorDivExact(long a, long b) {
        return (long) Math.floor((double) a / (double) b);
    }

    /** {@code y = NORM(g, h)} for {@code rows} rows of width {@code d}. */
    static void norm(int[] h, int rows, int d, int[] g, int[] y) {
        for (int r = 0; r < rows; r++) {
            int off = r * d;
            long ss = 0;
            for (int i = 0; i < d; i++) {
                long v = h[off + i];
                ss += v * v;
            }
            long den = isqrt(Math.floorDiv(ss << 8, d) + 1);
            long twoD = den << 9;
            long dd = den << 8;
            for (int i = 0; i < d; i++) {
                long num = 2L * h[off + i] * g[i] + dd;
                long q = floorDivExact(num, twoD);
                y[off + i] = q < -A8 ? -A8 : q > A8 ? A8 : (int) q;
            }
        }
    }

    /** {@code h = clamp(h + RQ(acc...))}: adds a requantized branch output {@code delta} to the residual. */
    static void addResidual(int[] h, int[] delta, int n) {
        for (int i = 0; i < n; i++) {
            int v = h[i] + delta[i];
            h[i] = v < -R16 ? -R16 : v > R16 ? R16 : v;
        }
    }

    /**
     * Fills the cumulative frequency table {@code cum[0..256]} (total {@link IntegerRecipe#FREQ_TOTAL})
     * from 256 logits {@code z[zo..zo+255]} (MODEL.md, "Frequency table of one position").
     */
    static void frequencies(long[] z, int zo, int[] exp, int[] cum, long[] e) {
        int n = 256;
        long zmax = Long.MIN_VALUE;
        int arg = 0;
        for (int o = 0; o < n; o++) {
            if (z[zo + o] > zmax) {
                zmax = z[zo + o];
                arg = o;
            }
        }
        int last = exp.length - 1;
        long sum = 0;
        for (int o = 0; o < n; o++) {
            long diff = zmax - z[zo + o];
            long v = exp[diff > last ? last : (int) diff];
            e[o] = v;
            sum += v;
        }
        long avail = IntegerRecipe.FREQ_TOTAL - n;
        long total = 0;
        for (int o = 0; o < n; o++) {
            long f = 1 + floorDivSmall(e[o] * avail, sum);
            e[o] = f;
            total += f;
        }
        e[arg] += IntegerRecipe.FREQ_TOTAL - total;
        cum[0] = 0;
        for (int o = 0; o < n; o++) {
            cum[o + 1] = cum[o] + (int) e[o];
        }
    }
}
