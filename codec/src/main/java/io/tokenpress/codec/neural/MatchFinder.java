package io.tokenpress.codec.neural;

/**
 * Finds, for each position of a chunk, the latest earlier occurrence of the bytes just before it
 * (codec/MODEL.md, "Match mixing") and predicts that the byte which followed there follows again. A hash
 * of the last {@value #MIN_MATCH} bytes points at the position that followed their latest occurrence; a
 * candidate is verified backwards (at most {@value #MAX_VERIFY} bytes) and followed for as long as it
 * predicts right. Pure integer arithmetic on the bytes already coded, so encoder and decoder see the same
 * predictions. One instance per chunk; not thread-safe.
 */
final class MatchFinder {
    /** Bytes of context hashed to find a match; also the shortest match reported. */
    static final int MIN_MATCH = 3;
    /** Longest match length counted (longer matches report this). */
    static final int MAX_MATCH = 65_535;
    /** Bytes compared backwards when a match is found (bounds the work per position). */
    static final int MAX_VERIFY = 32;

    private final int[] table;
    private final int shift;
    private int pointer;
    private int length;

    /** @param chunkLength bytes of the chunk (sizes the hash table, identically on both sides) */
    MatchFinder(int chunkLength) {
        int bits = 10;
        while (bits < 16 && (1 << bits) < chunkLength) {
            bits++;
        }
        table = new int[1 << bits];
        shift = 32 - bits;
    }

    /** Length of the current match (0: none, else at least {@value #MIN_MATCH}). */
    int length() {
        return length;
    }

    /** The byte the current match predicts next; only meaningful while {@link #length()} > 0. */
    int predicted(byte[] history) {
        return history[pointer] & 0xFF;
    }

    /** Takes in {@code history[t]}, the byte just coded at position {@code t}. */
    void update(byte[] history, int t) {
        if (length > 0) {
            if (history[pointer] == history[t]) {
                pointer++;
                if (length < MAX_MATCH) {
                    length++;
                }
            } else {
                length = 0;
            }
        }
        if (t + 1 < MIN_MATCH) {
            return;
        }
        int h = 0;
        for (int i = t + 1 - MIN_MATCH; i <= t; i++) {
            h = (h + (history[i] & 0xFF) + 1) * 0x2F0F3D35;
        }
        h = (h ^ (h >>> 15)) * 0x9E3779B1 >>> shift;
        if (length == 0) {
            int candidate = table[h];
            if (candidate > 0) {
                int n = 0;
                while (n < candidate && n < MAX_VERIFY && history[candidate - 1 - n] == history[t - n]) {
                    n++;
                }
                if (n >= MIN_MATCH) {
                    pointer = candidate;
                    length = n;
                }
            }
        }
        table[h] = t + 1;
    }
}
