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

    /** Bytes per primer segment. */
    public static final int PRIMER_SEGMENT = 256;

    /**
     * A primer of at most {@code bytes} bytes (codec/MODEL.md, "Primer"): segments of {@value #PRIMER_SEGMENT}
     * bytes evenly spaced over the files named by {@code spec}, half a stride after the points {@link #of}
     * samples from (so that fitting chunks and primer rarely overlap), concatenated in file order.
     *
     * @throws IllegalArgumentException when no file matches or all are empty
     */
    public static byte[] primer(String spec, int bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("primer bytes must not be negative");
        }
        if (bytes == 0) {
            return new byte[0];
        }
        return primer(ByteCorpus.read(spec), bytes);
    }

    /**
     * As {@link #primer(String, int)}, from data in memory (for example the sampled chunks of a topic's
     * feedback).
     */
    public static byte[] primer(List<byte[]> data, int bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("primer bytes must not be negative");
        }
        if (bytes == 0 || data.isEmpty()) {
            return new byte[0];
        }
        List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            names.add("chunk " + i);
        }
        return primer(new ByteCorpus(names, data), bytes);
    }

    private static byte[] primer(ByteCorpus corpus, int bytes) {
        List<byte[]> segments = corpus.evenChunks(PRIMER_SEGMENT, Math.max(1, bytes / PRIMER_SEGMENT), 0.5);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(bytes);
        for (byte[] s : segments) {
            out.write(s, 0, Math.min(s.length, bytes - out.size()));
        }
        return out.toByteArray();
    }
}
