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
     * {@code oFrom..oTo-1} of {@code rows} rows. The int accumulator is exact: |acc| <= 4096·127·127 < 2^31,
     * and integer addition is associative, so the order of the terms does not matter.
     */
    static void linear(int[] x, int rows, IntModel.Linear l, int[] y, int lo, int hi, int oFrom, int oTo) {
        if (oTo <= oFrom) {
            return;
        }
        int out = l.out;
        int[][] acc = accumulators(out);
        int[] a0 = acc[0];
        if (rows >= ROW_BLOCK) {
            int[] a1 = acc[1];
            int[] a2 = acc[2];
            int[] a3 = acc[3];
            int r = 0;
            for (; r + ROW_BLOCK <= rows; r += ROW_BLOCK) {
                accumulate4(x, r, l, oFrom, oTo, a0, a1, a2, a3);
                requant(a0, l, oFrom, oTo, y, r * out, lo, hi);
                requant(a1, l, oFrom, oTo, y, (r + 1) * out, lo, hi);
                requant(a2, l, oFrom, oTo, y, (r + 2) * out, lo, hi);
                requant(a3, l, oFrom, oTo, y, (r + 3) * out, lo, hi);
            }
            for (; r < rows; r++) {
                accumulate1(x, r, l, oFrom, oTo, a0);
                requant(a0, l, oFrom, oTo, y, r * out, lo, hi);
            }
        } else {
            for (int r = 0; r < rows; r++) {
                accumulate1(x, r, l, oFrom, oTo, a0);
                requant(a0, l, oFrom, oTo, y, r * out, lo, hi);
            }
        }
    }

    /** As {@link #linear} without clamp, into {@code long} (the output logits). */
    static void linearLong(int[] x, int rows, IntModel.Linear l, long[] y, int oFrom, int oTo) {
        if (oTo <= oFrom) {
            return;
        }
        int out = l.out;
        int[][] acc = accumulators(out);
        int[] a0 = acc[0];
        int r = 0;
        if (rows >= ROW_BLOCK) {
            int[] a1 = acc[1];
            int[] a2 = acc[2];
            int[] a3 = acc[3];
            for (; r + ROW_BLOCK <= rows; r += ROW_BLOCK) {
                accumulate4(x, r, l, oFrom, oTo, a0, a1, a2, a3);
                requantLong(a0, l, oFrom, oTo, y, r * out);
                requantLong(a1, l, oFrom, oTo, y, (r + 1) * out);
                requantLong(a2, l, oFrom, oTo, y, (r + 2) * out);
                requantLong(a3, l, oFrom, oTo, y, (r + 3) * out);
            }
        }
        for (; r < rows; r++) {
            accumulate1(x, r, l, oFrom, oTo, a0);
            requantLong(a0, l, oFrom, oTo, y, r * out);
        }
    }

    /** Rows handled together by {@link #accumulate4}: each weight is loaded once per block. */
    static final int ROW_BLOCK = 4;

    /** Per-thread accumulator rows, grown on demand (only the range a call computes is read). */
    private static final ThreadLocal<int[][]> ACC = ThreadLocal.withInitial(() -> new int[ROW_BLOCK][0]);

    private static int[][] accumulators(int out) {
        int[][] acc = ACC.get();
        if (acc[0].length < out) {
            for (int i = 0; i < ROW_BLOCK; i++) {
                acc[i] = new int[out];
            }
        }
        return acc;
    }

    /**
     * {@code acc[o - oFrom] = Σ_k x[r][k]·w[o][k]} over the transposed weights: the inner loop is a plain
     * multiply-add over consecutive outputs, which C2 vectorizes. Inputs equal to 0 (frequent after the
     * ReLU) are skipped; they add nothing.
     */
    private static void accumulate1(int[] x, int r, IntModel.Linear l, int oFrom, int oTo, int[] acc) {
        int in = l.in;
        int[][] wt = l.wt;
        java.util.Arrays.fill(acc, oFrom, oTo, 0);
        int xo = r * in;
        int k = 0;
        // four inputs per pass: one load and store of each accumulator per four multiply-adds
        for (; k + 4 <= in; k += 4) {
            int x0 = x[xo + k];
            int x1 = x[xo + k + 1];
            int x2 = x[xo + k + 2];
            int x3 = x[xo + k + 3];
            if ((x0 | x1 | x2 | x3) == 0) {
                continue;
            }
            int[] w0 = wt[k];
            int[] w1 = wt[k + 1];
            int[] w2 = wt[k + 2];
            int[] w3 = wt[k + 3];
            for (int o = oFrom; o < oTo; o++) {
                acc[o] += x0 * w0[o] + x1 * w1[o] + x2 * w2[o] + x3 * w3[o];
            }
        }
        for (; k < in; k++) {
            int xk = x[xo + k];
            if (xk == 0) {
                continue;
            }
            int[] wk = wt[k];
            for (int o = oFrom; o < oTo; o++) {
                acc[o] += xk * wk[o];
            }
        }
    }

    private static void accumulate4(int[] x, int r, IntModel.Linear l, int oFrom, int oTo, int[] a0, int[] a1,
            int[] a2, int[] a3) {
        int in = l.in;
        int[][] wt = l.wt;
        java.util.Arrays.fill(a0, oFrom, oTo, 0);
        java.util.Arrays.fill(a1, oFrom, oTo, 0);
        java.util.Arrays.fill(a2, oFrom, oTo, 0);
        java.util.Arrays.fill(a3, oFrom, oTo, 0);
        int xo = r * in;
        for (int k = 0; k < in; k++) {
            int x0 = x[xo + k];
            int x1 = x[xo + in + k];
            int x2 = x[xo + 2 * in + k];
            int x3 = x[xo + 3 * in + k];
            if ((x0 | x1 | x2 | x3) == 0) {
                continue;
            }
            int[] wk = wt[k];
            for (int o = oFrom; o < oTo; o++) {
                int wv = wk[o];
                a0[o] += x0 * wv;
                a1[o] += x1 * wv;
                a2[o] += x2 * wv;
                a3[o] += x3 * wv;
            }
        }
    }

    private static void requant(int[] acc, IntModel.Linear l, int oFrom, int oTo, int[] y, int yo, int lo, int hi) {
        int[] m = l.m;
        int[] sh = l.sh;
        for (int o = oFrom; o < oTo; o++) {
            int s = sh[o];
            long v = ((long) acc[o] * m[o] + (1L << (s - 1))) >> s;
            y[yo + o] = v < lo ? lo : v > hi ? hi : (int) v;
        }
    }

    private static void requantLong(int[] acc, IntModel.Linear l, int oFrom, int oTo, long[] y, int yo) {
        int[] m = l.m;
        int[] sh = l.sh;
        for (int o = oFrom; o < oTo; o++) {
            int s = sh[o];
            y[yo + o] = ((long) acc[o] * m[o] + (1L << (s - 1))) >> s;
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

    /**
     * {@code floor(a / b)} for {@code 0 <= a < 2^52}, {@code 0 < b < 2^52}, {@code a / b < 2^31}, given
     * {@code inverse = 1.0 / b}: the product {@code a · inverse} is within a few ulps of the quotient, so its
     * truncation is off by at most one, which one exact remainder check corrects. A multiplication instead
     * of a division for the many keys that share one softmax denominator; same result as
     * {@link #floorDivSmall}.
     */
    static long floorDivByInverse(long a, long b, double inverse) {
        long q = (long) ((double) a * inverse);
        long r = a - q * b;
        if (r < 0) {
            q--;
        } else if (r >= b) {
            q++;
        }
        return q;
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
