package io.tokenpress.codec.arith;

/**
 * Arithmetic encoder with 32 bits of state, after Nayuki's reference arithmetic coder.
 *
 * <p>State: the interval {@code [low, high]} of 32-bit unsigned integers (kept in {@code long}s), with
 * the implicit infinite tails {@code low = low·000...}, {@code high = high·111...}. Invariants between
 * calls: {@code 0 <= low < high <= 2^32 - 1}; the top bits of {@code low} and {@code high} differ; and
 * the interval is not inside the middle half, so {@code high - low + 1 > 2^30}, which is why every
 * total up to {@link #MAX_TOTAL} leaves each symbol a non-empty sub-interval. A symbol narrows the
 * interval to {@code low + floor(range·cumLow/total) .. low + floor(range·cumHigh/total) - 1} (products
 * below 2^62); equal leading bits are shifted out as output, and an interval straddling the middle
 * (underflow) is expanded while the count of pending opposite bits grows.
 *
 * <p>{@link #finish()} writes a 1 bit followed by the pending bits and pads with zero bits to a whole
 * byte, so the decoder never needs more than 32 bits beyond the end of the output; reading further
 * means the stream is corrupt (see {@link ArithmeticDecoder}). Not thread-safe.
 */
public final class ArithmeticEncoder {
    static final int STATE_BITS = 32;
    static final long FULL = 1L << STATE_BITS;
    static final long MASK = FULL - 1;
    static final long TOP = FULL >>> 1;
    static final long SECOND = FULL >>> 2;

    /** Largest total a frequency table may have (2^30). */
    public static final int MAX_TOTAL = 1 << 30;

    private final BitSink out;
    private long low = 0;
    private long high = MASK;
    private long pending = 0;
    private boolean finished;

    public ArithmeticEncoder() {
        this(256);
    }

    /** @param expectedBytes initial capacity of the output buffer */
    public ArithmeticEncoder(int expectedBytes) {
        this.out = new BitSink(Math.max(16, expectedBytes));
    }

    /** Codes {@code symbol} under {@code table}. */
    public void write(FrequencyTable table, int symbol) {
        encode(table.getLow(symbol), table.getHigh(symbol), table.getTotal());
    }

    /**
     * Codes the sub-interval {@code [cumLow, cumHigh)} of {@code [0, total)}.
     *
     * @throws IllegalArgumentException unless {@code 0 <= cumLow < cumHigh <= total <= MAX_TOTAL}
     */
    public void encode(int cumLow, int cumHigh, int total) {
        if (finished) {
            throw new IllegalStateException("encoder already finished");
        }
        if (cumLow < 0 || cumLow >= cumHigh || cumHigh > total || total > MAX_TOTAL) {
            throw new IllegalArgumentException(
                    "bad interval [" + cumLow + ", " + cumHigh + ") of total " + total);
        }
        long range = high - low + 1;
        long newLow = low + cumLow * range / total;
        long newHigh = low + cumHigh * range / total - 1;
        low = newLow;
        high = newHigh;
        while (((low ^ high) & TOP) == 0) {
            int bit = (int) (low >>> (STATE_BITS - 1));
            out.write(bit);
            for (; pending > 0; pending--) {
                out.write(bit ^ 1);
            }
            low = (low << 1) & MASK;
            high = ((high << 1) & MASK) | 1;
        }
        while ((low & ~high & SECOND) != 0) {
            pending++;
            low = (low << 1) & (MASK >>> 1);
            high = ((high << 1) & (MASK >>> 1)) | TOP | 1;
        }
    }

    /** Flushes the final bits and returns the coded bytes; the encoder cannot be used afterwards. */
    public byte[] finish() {
        if (!finished) {
            finished = true;
            out.write(1);
            for (; pending > 0; pending--) {
                out.write(0);
            }
        }
        return out.toByteArray();
    }

    /** Bits written so far (before {@link #finish()}: without the final bits). */
    public long bitsWritten() {
        return out.bits();
    }

    /** Growable bit buffer, most significant bit first. */
    static final class BitSink {
        private byte[] buf;
        private long bits;
        private int cur;

        BitSink(int capacity) {
            buf = new byte[capacity];
        }

        void write(int bit) {
            cur = (cur << 1) | bit;
            bits++;
            if ((bits & 7) == 0) {
                int i = (int) ((bits >>> 3) - 1);
                if (i == buf.length) {
                    buf = java.util.Arrays.copyOf(buf, buf.length * 2);
                }
                buf[i] = (byte) cur;
                cur = 0;
            }
        }

        long bits() {
            return bits;
        }

        byte[] toByteArray() {
            int whole = (int) (bits >>> 3);
            int rem = (int) (bits & 7);
            byte[] r = java.util.Arrays.copyOf(buf, whole + (rem > 0 ? 1 : 0));
            if (rem > 0) {
                r[whole] = (byte) (cur << (8 - rem));
            }
            return r;
        }
    }
}
