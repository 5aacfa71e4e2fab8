package io.tokenpress.bench;

import java.util.Locale;

/** Byte counts written as {@code 4096}, {@code 4K}, {@code 64KB} or {@code 2M} (binary units). */
public final class ByteSizes {
    private ByteSizes() {}

    /**
     * Parses a byte count with an optional K, M or G suffix (powers of 1024; a trailing B or iB is ignored).
     *
     * @throws IllegalArgumentException if it is not such a count or not positive
     */
    public static long parse(String text) {
        String s = text.trim().toUpperCase(Locale.ROOT);
        s = s.endsWith("IB") ? s.substring(0, s.length() - 2) : s.endsWith("B") ? s.substring(0, s.length() - 1) : s;
        long unit = 1;
        if (!s.isEmpty()) {
            char last = s.charAt(s.length() - 1);
            unit = last == 'K' ? 1L << 10 : last == 'M' ? 1L << 20 : last == 'G' ? 1L << 30 : 1;
            if (unit > 1) {
                s = s.substring(0, s.length() - 1);
            }
        }
        try {
            long value = Math.multiplyExact(Long.parseLong(s), unit);
            if (value < 1) {
                throw new IllegalArgumentException("byte count must be positive: " + text);
            }
            return value;
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("not a byte count (e.g. 4096, 64K, 2M): " + text, e);
        }
    }

    /** {@code 1024} → {@code 1K}, {@code 65536} → {@code 64K}, {@code 1000} → {@code 1000}. */
    public static String format(long bytes) {
        if (bytes >= 1L << 20 && bytes % (1L << 20) == 0) {
            return (bytes >> 20) + "M";
        }
        if (bytes >= 1L << 10 && bytes % (1L << 10) == 0) {
            return (bytes >> 10) + "K";
        }
        return Long.toString(bytes);
    }
}
