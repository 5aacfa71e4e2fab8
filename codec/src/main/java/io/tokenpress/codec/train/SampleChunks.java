package io.tokenpress.codec.train;

import java.util.List;

/** Chunks drawn evenly from data files, the way training draws its validation chunks. */
public final class SampleChunks {
    private SampleChunks() {}

    /**
     * Cuts the files named by {@code spec} (comma-separated paths or globs, {@code !path} excludes) into
     * chunks of {@code chunkSize} bytes and keeps at most {@code maxChunks}, evenly spaced over all of them.
     *
     * @throws IllegalArgumentException when no file matches or all are empty
     */
    public static List<byte[]> of(String spec, int chunkSize, int maxChunks) {
        if (chunkSize < 1 || maxChunks < 1) {
            throw new IllegalArgumentException("chunk size and chunk count must be positive");
        }
        return ByteCorpus.read(spec).evenChunks(chunkSize, maxChunks);
    }
}
