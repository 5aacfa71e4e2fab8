package io.tokenpress.codec.arith;

/**
 * A {@link FrequencyTable} over a cumulative array {@code cum} of length {@code symbolCount + 1}:
 * symbol {@code s} owns {@code [cum[s], cum[s+1])}. The array is used as it is, not copied, so a caller
 * may refill it between coding steps (the neural codec does, once per position).
 */
public final class CumulativeFrequencyTable implements FrequencyTable {
    private final int[] cum;

    /** Wraps {@code cum}; see {@link FrequencyTables#check} for the invariants it must keep. */
    public CumulativeFrequencyTable(int[] cum) {
        if (cum.length < 2) {
            throw new IllegalArgumentException("a frequency table needs at least one symbol");
        }
        this.cum = cum;
    }

    /** A table over the given frequencies (each at least 1). */
    public static CumulativeFrequencyTable ofFrequencies(int[] freq) {
        int[] cum = new int[freq.length + 1];
        for (int i = 0; i < freq.length; i++) {
            cum[i + 1] = Math.addExact(cum[i], freq[i]);
        }
        CumulativeFrequencyTable t = new CumulativeFrequencyTable(cum);
        FrequencyTables.check(t);
        return t;
    }

    /** The backing array (shared, not a copy). */
    public int[] cumulative() {
        return cum;
    }

    @Override
    public int symbolCount() {
        return cum.length - 1;
    }

    @Override
    public int getTotal() {
        return cum[cum.length - 1];
    }

    @Override
    public int getLow(int symbol) {
        return cum[symbol];
    }

    @Override
    public int getHigh(int symbol) {
        return cum[symbol + 1];
    }

    @Override
    public int symbolOf(int value) {
        int lo = 0;
        int hi = cum.length - 2;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cum[mid + 1] > value) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }
}
