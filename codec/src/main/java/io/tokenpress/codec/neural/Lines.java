package io.tokenpress.codec.neural;

/**
 * The line structure of the bytes of a chunk coded so far (codec/MODEL.md, "Line contexts"): where the
 * current line and the one before it start, so that a position's column and the bytes above it (same
 * column, previous line) are known. Lines end with {@code '\n'}. One instance per chunk; not thread-safe.
 */
final class Lines {
    /** First position of the current line. */
    private int start;
    /** First position of the previous line; -1 before the first newline. */
    private int previous = -1;

    /** Takes in {@code history[t]}, the byte just coded at position {@code t}. */
    void update(byte[] history, int t) {
        if (history[t] == '\n') {
            previous = start;
            start = t + 1;
        }
    }

    /** Bytes between the start of the current line and position {@code t}. */
    int column(int t) {
        return t - start;
    }

    /**
     * The byte {@code right} places right of the one above position {@code t}, plus 1; 0 where the previous
     * line ends before that column, or there is no previous line.
     */
    int above(byte[] history, int t, int right) {
        if (previous < 0) {
            return 0;
        }
        int i = previous + (t - start) + right;
        return i < start - 1 ? (history[i] & 0xFF) + 1 : 0;
    }
}
