package io.tokenpress.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Measures every codec of a lineup on the same chunks, for each chunk size. */
public final class ChunkBench {
    private final Measurer measurer;
    private final Progress progress;

    /**
     * @param progress told about the work done, and about which codec runs
     * @param timing how hard to try for stable speeds
     */
    public ChunkBench(Progress progress, Measurer.Timing timing) {
        this(progress, timing, 1);
    }

    /**
     * @param progress told about the work done, and about which codec runs
     * @param timing how hard to try for stable speeds
     * @param jobs worker threads per pass (see {@link Measurer})
     */
    public ChunkBench(Progress progress, Measurer.Timing timing, int jobs) {
        this.progress = Objects.requireNonNull(progress, "progress");
        this.measurer = new Measurer(progress, timing, jobs);
    }

    /** Units of work {@link #run} reports to its progress: each byte compressed and decompressed once per codec and size. */
    public static long work(long dataBytes, int codecs, int chunkSizes) {
        return 2 * dataBytes * codecs * chunkSizes;
    }

    /**
     * Cuts {@code data} into chunks of each size and measures every codec on them, sizes in the order
     * given, codecs in lineup order.
     */
    public List<ChunkResult> run(CodecLineup lineup, byte[] data, List<Integer> chunkSizes) {
        List<ChunkResult> results = new ArrayList<>();
        for (int chunkSize : chunkSizes) {
            List<byte[]> chunks = BenchInput.chunks(data, chunkSize);
            for (BenchCodec codec : lineup.codecs()) {
                progress.stage(codec.name() + ", " + chunkSize + "-byte chunks");
                results.add(new ChunkResult(codec.name(), chunkSize, measurer.measure(codec, chunks)));
            }
        }
        return results;
    }
}
