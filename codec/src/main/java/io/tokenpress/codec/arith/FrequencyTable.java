package io.tokenpress.codec.arith;

/**
 * The model seam of the arithmetic coder: integer frequencies of the symbols {@code 0..symbolCount()-1}.
 *
 * <p>Invariants every implementation keeps (checked by {@link FrequencyTables#check}):
 * {@code getLow(0) == 0}, {@code getLow(s) < getHigh(s)} (every symbol has a frequency of at least 1),
 * {@code getHigh(s) == getLow(s + 1)}, {@code getHigh(symbolCount() - 1) == getTotal()}, and
 * {@code getTotal() <= }{@link ArithmeticEncoder#MAX_TOTAL}.
 */
public interface FrequencyTable {

    /** Number of symbols. */
    int symbolCount();

    /** Sum of all frequencies. */
    int getTotal();

    /** Sum of the frequencies of the symbols below {@code symbol}. */
    int getLow(int symbol);

    /** {@code getLow(symbol)} plus the frequency of {@code symbol}. */
    int getHigh(int symbol);

    /**
     * The symbol whose interval {@code [getLow, getHigh)} contains {@code value}; {@code 0 <= value < getTotal()}.
     * The default is a binary search over {@link #getHigh}.
     */
    default int symbolOf(int value) {
        int lo = 0;
        int hi = symbolCount() - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (getHigh(mid) > value) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }
}
