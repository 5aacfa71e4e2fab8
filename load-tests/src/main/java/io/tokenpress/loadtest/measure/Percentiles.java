package io.tokenpress.loadtest.measure;

import java.util.Arrays;

/**
 * Percentiles of a sample by the nearest-rank method: the p-th percentile of n sorted values is the
 * value at rank {@code ceil(p/100 · n)} (1-based), so it is always one of the observed values, p100 is
 * the maximum and p0 the minimum.
 */
public final class Percentiles {
    private final long[] sorted;

    private Percentiles(long[] sorted) {
        this.sorted = sorted;
    }

    /** Percentiles of {@code values} (copied, then sorted). */
    public static Percentiles of(long[] values) {
        long[] copy = values.clone();
        Arrays.sort(copy);
        return new Percentiles(copy);
    }

    /** Percentiles of the first {@code count} entries of {@code values}. */
    public static Percentiles of(long[] values, int count) {
        if (count < 0 || count > values.length) {
            throw new IllegalArgumentException("count " + count + " outside 0.." + values.length);
        }
        long[] copy = Arrays.copyOf(values, count);
        Arrays.sort(copy);
        return new Percentiles(copy);
    }

    /** Number of values. */
    public int count() {
        return sorted.length;
    }

    /**
     * The nearest-rank {@code p}-th percentile.
     *
     * @param p in [0, 100]
     * @throws IllegalArgumentException if p is outside [0, 100]
     * @throws IllegalStateException if there are no values
     */
    public long percentile(double p) {
        if (!(p >= 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile must be in [0, 100], got " + p);
        }
        if (sorted.length == 0) {
            throw new IllegalStateException("no values");
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }

    /** The smallest value. */
    public long min() {
        return percentile(0);
    }

    /** The largest value. */
    public long max() {
        return percentile(100);
    }

    /** The arithmetic mean, or NaN for no values. */
    public double mean() {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (long v : sorted) {
            sum += v;
        }
        return sum / sorted.length;
    }

    /**
     * The empirical cumulative distribution at {@code points} evenly spaced ranks, for plotting: entry
     * i is {value, fraction of values <= value}.
     */
    public double[][] cdf(int points) {
        if (points < 2) {
            throw new IllegalArgumentException("need at least 2 points, got " + points);
        }
        double[][] out = new double[sorted.length == 0 ? 0 : points][];
        for (int i = 0; i < out.length; i++) {
            double p = 100.0 * i / (points - 1);
            out[i] = new double[] {percentile(p), p / 100.0};
        }
        return out;
    }
}
