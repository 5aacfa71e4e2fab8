package io.tokenpress.codec.neural;

/**
 * Finds, for each position of a chunk, the latest earlier occurrence of the bytes just before it
 * (codec/MODEL.md, "Match mixing") and predicts that the byte which followed there follows again. A hash
 * of the last {@value #MIN_MATCH} bytes points at the position that followed their latest occurrence; a
 * candidate is verified backwards (at most {@value #MAX_VERIFY} bytes) and followed for as long as it
 * predicts right. With a primer (codec/MODEL.md, "Primer") the chunk is searched as if it followed the
 * primer's bytes. With recovery (codec/MODEL.md, "Line contexts") a long match that fails goes on predicting
 * from the same alignment, skipping the byte that differed, until it predicts {@value #MIN_MATCH} bytes
 * right in a row (it is a match again) or has failed {@value #MAX_MISSES} times. Pure integer arithmetic on
 * the bytes already coded, so encoder and decoder see the same predictions. One instance per chunk; not
 * thread-safe.
 */
final class MatchFinder {
    /** Bytes of context hashed to find a match; also the shortest match reported. */
    static final int MIN_MATCH = 3;
    /** Longest match length counted (longer matches report this). */
    static final int MAX_MATCH = 65_535;
    /** Bytes compared backwards when a match is found (bounds the work per position). */
    static final int MAX_VERIFY = 32;
    /** Hash bits with a primer, whatever the chunk's length. */
    static final int PRIMED_BITS = 16;
    /** Shortest match that recovers when it fails. */
    static final int MIN_RECOVER = 8;
    /** Failures after which a recovering alignment is given up. */
    static final int MAX_MISSES = 8;
    /** Buckets of a recovering alignment: bytes right since the last failure (0..2) by one failure or more. */
    static final int RECOVERY_BUCKETS = 2 * MIN_MATCH;

    private final int[] table;
    private final int shift;
    /** The primer's bytes, then the chunk's bytes as they are coded. */
    private final byte[] buffer;
    private final int offset;
    private final boolean recover;
    private int pointer;
    private int length;
    /** Failures of the recovering alignment (0: not recovering). */
    private int misses;
    /** Bytes the recovering alignment predicted right since its last failure. */
    private int run;

    /**
     * @param chunkLength bytes of the chunk (sizes the hash table, identically on both sides)
     * @param recover whether a failed match recovers
     */
    MatchFinder(int chunkLength, boolean recover) {
        int bits = 10;
        while (bits < 16 && (1 << bits) < chunkLength) {
            bits++;
        }
        table = new int[1 << bits];
        shift = 32 - bits;
        buffer = new byte[chunkLength];
        offset = 0;
        this.recover = recover;
    }

    /**
     * A finder that also finds matches in {@code primer}.
     *
     * @param primedTable {@link #primedTable(byte[])} of {@code primer} (copied, not changed)
     * @param recover whether a failed match recovers
     */
    MatchFinder(byte[] primer, int[] primedTable, int chunkLength, boolean recover) {
        table = primedTable.clone();
        shift = 32 - PRIMED_BITS;
        buffer = new byte[primer.length + chunkLength];
        System.arraycopy(primer, 0, buffer, 0, primer.length);
        offset = primer.length;
        this.recover = recover;
    }

    /** The hash table after every position of {@code primer} was taken in ({@value #PRIMED_BITS} bits). */
    static int[] primedTable(byte[] primer) {
        int[] table = new int[1 << PRIMED_BITS];
        for (int i = MIN_MATCH - 1; i < primer.length; i++) {
            table[hash(primer, i, 32 - PRIMED_BITS)] = i + 1;
        }
        return table;
    }

    /** Length of the current match (0: none, else at least {@value #MIN_MATCH}). */
    int length() {
        return length;
    }

    /** Whether a byte is predicted: a match, or a recovering alignment. */
    boolean predicting() {
        return length > 0 || misses > 0;
    }

    /**
     * The bucket of the prediction: {@link MatchMixer#lengthBucket} of a match (0..15), else
     * {@code 16 + 2·run + min(1, misses - 1)} for a recovering alignment (16..21).
     */
    int bucket() {
        if (length > 0) {
            return MatchMixer.lengthBucket(length);
        }
        return MatchMixer.LENGTH_BUCKETS + 2 * run + Math.min(1, misses - 1);
    }

    /** Whether the current prediction comes from the primer; only meaningful while {@link #predicting()}. */
    boolean inPrimer() {
        return pointer < offset;
    }

    /** The byte predicted next; only meaningful while {@link #predicting()}. */
    int predicted() {
        return buffer[pointer] & 0xFF;
    }

    /** Takes in {@code history[t]}, the byte just coded at position {@code t} of the chunk. */
    void update(byte[] history, int t) {
        int at = offset + t;
        buffer[at] = history[t];
        if (length > 0) {
            if (buffer[pointer] == buffer[at]) {
                pointer++;
                if (length < MAX_MATCH) {
                    length++;
                }
            } else {
                if (recover && length >= MIN_RECOVER) {
                    misses = 1;
                    run = 0;
                    pointer++;
                }
                length = 0;
            }
        } else if (misses > 0) {
            pointer++;
            if (buffer[pointer - 1] == buffer[at]) {
                if (++run == MIN_MATCH) {
                    length = run;
                    misses = 0;
                }
            } else {
                run = 0;
                if (++misses > MAX_MISSES) {
                    misses = 0;
                }
            }
        }
        if (at + 1 < MIN_MATCH) {
            return;
        }
        int h = hash(buffer, at, shift);
        if (length == 0) {
            int candidate = table[h];
            if (candidate > 0) {
                int n = 0;
                while (n < candidate && n < MAX_VERIFY && buffer[candidate - 1 - n] == buffer[at - n]) {
                    n++;
                }
                if (n >= MIN_MATCH) {
                    pointer = candidate;
                    length = n;
                    misses = 0;
                }
            }
        }
        table[h] = at + 1;
    }

    private static int hash(byte[] b, int at, int shift) {
        int h = 0;
        for (int i = at + 1 - MIN_MATCH; i <= at; i++) {
            h = (h + (b[i] & 0xFF) + 1) * 0x2F0F3D35;
        }
        return (h ^ (h >>> 15)) * 0x9E3779B1 >>> shift;
    }
}
