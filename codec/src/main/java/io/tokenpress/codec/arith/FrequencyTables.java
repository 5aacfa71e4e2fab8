package io.tokenpress.codec.arith;

/** Helpers for {@link FrequencyTable}s. */
public final class FrequencyTables {
    private FrequencyTables() {}

    /**
     * Verifies every invariant of {@link FrequencyTable}.
     *
     * @throws IllegalArgumentException naming the first violated invariant
     */
    public static void check(FrequencyTable t) {
        int n = t.symbolCount();
        if (n < 1) {
            throw new IllegalArgumentException("frequency table without symbols");
        }
        if (t.getLow(0) != 0) {
            throw new IllegalArgumentException("getLow(0) = " + t.getLow(0) + ", expected 0");
        }
        for (int s = 0; s < n; s++) {
            if (t.getHigh(s) <= t.getLow(s)) {
                throw new IllegalArgumentException("symbol " + s + " has frequency " + (t.getHigh(s) - t.getLow(s)));
            }
            if (s + 1 < n && t.getHigh(s) != t.getLow(s + 1)) {
                throw new IllegalArgumentException("gap between symbols " + s + " and " + (s + 1));
            }
        }
        if (t.getHigh(n - 1) != t.getTotal()) {
            throw new IllegalArgumentException("getHigh(last) = " + t.getHigh(n - 1) + " but total = " + t.getTotal());
        }
        if (t.getTotal() > ArithmeticEncoder.MAX_TOTAL) {
            throw new IllegalArgumentException("total " + t.getTotal() + " exceeds " + ArithmeticEncoder.MAX_TOTAL);
        }
    }
}
