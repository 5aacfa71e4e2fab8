package io.tokenpress.codec.arith;

import io.tokenpress.codec.CorruptChunkException;

/**
 * Decoder matching {@link ArithmeticEncoder}: given the same sequence of frequency tables it returns the
 * symbols the encoder coded. It mirrors the encoder's state ({@code low}, {@code high}) and holds the
 * 32 code bits under the current interval in {@code code}, with {@code low <= code <= high} (a corrupt
 * stream that breaks this raises {@link CorruptChunkException}).
 *
 * <p>Bits past the end of the input read as 0. A valid stream never needs more than 32 of them; a
 * decoder that needs more raises {@link CorruptChunkException} ("read past the end"), so a corrupt or
 * truncated payload is detected early instead of decoding garbage to the declared length. Not
 * thread-safe.
 */
public final class ArithmeticDecoder {
    private static final int STATE_BITS = ArithmeticEncoder.STATE_BITS;
    private static final long MASK = ArithmeticEncoder.MASK;
    private static final long TOP = ArithmeticEncoder.TOP;
    private static final long SECOND = ArithmeticEncoder.SECOND;
    private static final long MAX_BITS_PAST_END = 32;

    private final byte[] in;
    private final int offset;
    private final long limitBits;
    private long pos;
    private long low = 0;
    private long high = MASK;
    private long code = 0;

    public ArithmeticDecoder(byte[] in) {
        this(in, 0, in.length);
    }

    public ArithmeticDecoder(byte[] in, int offset, int length) {
        this.in = in;
        this.offset = offset;
        this.limitBits = (long) length * 8;
        for (int i = 0; i < STATE_BITS; i++) {
            code = (code << 1) | readBit();
        }
    }

    /** Decodes the next symbol under {@code table}. */
    public int read(FrequencyTable table) {
        int total = table.getTotal();
        long range = high - low + 1;
        long offsetInRange = code - low;
        long value = ((offsetInRange + 1) * total - 1) / range;
        CorruptChunkException.verify(value >= 0 && value < total, "arithmetic code out of range");
        int symbol = table.symbolOf((int) value);
        update(table.getLow(symbol), table.getHigh(symbol), total);
        return symbol;
    }

    /**
     * Decodes the next symbol under the cumulative table {@code cum} (length symbols + 1, {@code cum[0] = 0});
     * a fast path of {@link #read(FrequencyTable)} for the neural codec.
     */
    public int read(int[] cum) {
        int total = cum[cum.length - 1];
        long range = high - low + 1;
        long value = ((code - low + 1) * total - 1) / range;
        CorruptChunkException.verify(value >= 0 && value < total, "arithmetic code out of range");
        int v = (int) value;
        int lo = 0;
        int hi = cum.length - 2;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cum[mid + 1] > v) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        update(cum[lo], cum[lo + 1], total);
        return lo;
    }

    private void update(long cumLow, long cumHigh, int total) {
        long range = high - low + 1;
        long newLow = low + cumLow * range / total;
        long newHigh = low + cumHigh * range / total - 1;
        low = newLow;
        high = newHigh;
        CorruptChunkException.verify(low <= code && code <= high, "arithmetic code outside its interval");
        while (((low ^ high) & TOP) == 0) {
            code = ((code << 1) & MASK) | readBit();
            low = (low << 1) & MASK;
            high = ((high << 1) & MASK) | 1;
        }
        while ((low & ~high & SECOND) != 0) {
            code = (code & TOP) | ((code << 1) & (MASK >>> 1)) | readBit();
            low = (low << 1) & (MASK >>> 1);
            high = ((high << 1) & (MASK >>> 1)) | TOP | 1;
        }
    }

    private int readBit() {
        long p = pos++;
        if (p >= limitBits) {
            CorruptChunkException.verify(p - limitBits < MAX_BITS_PAST_END,
                    "arithmetic decoder read past the end of a %d-byte payload: corrupt or truncated", limitBits / 8);
            return 0;
        }
        int b = in[offset + (int) (p >>> 3)];
        return (b >>> (7 - (int) (p & 7))) & 1;
    }
}
