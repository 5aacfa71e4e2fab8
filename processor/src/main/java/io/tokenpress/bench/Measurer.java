package io.tokenpress.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Measures one codec on a list of inputs: compresses every input, then decompresses every frame and
 * compares the result with the original (the comparison is not timed).
 *
 * <p>Timing (see {@link Timing#standard()}): before timing, the codec is warmed up on a prefix of the
 * first input, so that loading native libraries, first calls and the JIT are not charged to it. A pass
 * over all inputs that takes less than the minimum time is repeated and the fastest pass counts: short
 * runs on a shared machine are otherwise dominated by noise. Slow codecs (the neural one) run once.
 *
 * <p>Jobs: with {@code jobs > 1} every pass (and the warm-up) runs on that many worker threads, which
 * take the inputs from a shared queue, as an N-core machine processes N partitions; a pass's time is
 * its wall time, so speeds are aggregate throughput. Frames are kept by input index: sizes and
 * round-trip checks are the same for any number of jobs. The codec must then be thread-safe.
 */
public final class Measurer {
    /**
     * Warm-up input: at most this many bytes of the first input. A whole 4 KiB chunk, so that the neural
     * codec's match mixing (which needs repeats within the chunk) is compiled before the timed passes.
     */
    static final int WARM_UP_BYTES = 4096;

    private final Progress progress;
    private final Timing timing;
    private final int jobs;

    /**
     * How hard to try for stable speeds.
     *
     * @param warmUpRounds at most this many warm-up rounds (compress and decompress a prefix of the first input)...
     * @param warmUpNanos ...or until this much time was spent
     * @param minTimedNanos passes are repeated until this much time was spent...
     * @param maxPasses ...or this many passes ran
     */
    public record Timing(int warmUpRounds, long warmUpNanos, long minTimedNanos, int maxPasses) {
        public Timing {
            if (warmUpRounds < 0 || warmUpNanos < 0 || minTimedNanos < 0 || maxPasses < 1) {
                throw new IllegalArgumentException("invalid timing " + warmUpRounds + "/" + warmUpNanos + "/"
                        + minTimedNanos + "/" + maxPasses);
            }
        }

        /**
         * Up to 200 warm-up rounds or 6 s; passes repeated up to 20 times or 2 s. Both are for the neural
         * codec: a round of it takes tens of milliseconds, and its kernels run at about half speed until
         * the JIT has compiled them, which takes seconds of running (a fast codec's 200 rounds end long
         * before). With 3 s of warm-up and 0.3 s of passes, the first neural codec of a run measured
         * 100 / 125 KB/s where a second measurement of the same codec in the same run gave 146 / 145
         * (session 4); with 6 s and 2 s, the first measures 146 / 138.
         */
        public static Timing standard() {
            return new Timing(200, 6_000_000_000L, 2_000_000_000L, 20);
        }

        /** No warm-up, one pass: sizes and round trips are exact, speeds are rough. */
        public static Timing once() {
            return new Timing(0, 0, 0, 1);
        }
    }

    /** A measurer that runs every pass on the calling thread (one job). */
    public Measurer(Progress progress, Timing timing) {
        this(progress, timing, 1);
    }

    /**
     * @param progress told about every byte compressed and decompressed in the first pass
     * @param jobs worker threads per pass, at least 1
     */
    public Measurer(Progress progress, Timing timing, int jobs) {
        if (jobs < 1) {
            throw new IllegalArgumentException("jobs must be at least 1, got " + jobs);
        }
        this.progress = Objects.requireNonNull(progress, "progress");
        this.timing = Objects.requireNonNull(timing, "timing");
        this.jobs = jobs;
    }

    /** Worker threads per pass. */
    public int jobs() {
        return jobs;
    }

    /**
     * Measures {@code codec} on {@code inputs}. A compression error ends the measurement and is reported
     * in {@link Measurement#failure()}; a decompression error or mismatch counts as a round-trip failure
     * for that input and the measurement goes on.
     */
    public Measurement measure(BenchCodec codec, List<byte[]> inputs) {
        try (Workers workers = new Workers(jobs)) {
            return measure(codec, inputs, workers);
        }
    }

    private Measurement measure(BenchCodec codec, List<byte[]> inputs, Workers workers) {
        int n = inputs.size();
        long originalBytes = inputs.stream().mapToLong(b -> b.length).sum();
        byte[][] frames = new byte[n][];
        long compressedBytes = 0;
        long compressNanos;
        String detail;
        try {
            warmUp(codec, inputs, workers);
            long firstPass = workers.forEachIndex(n, i -> {
                frames[i] = codec.compress(inputs.get(i));
                progress.advance(inputs.get(i).length);
            });
            for (byte[] frame : frames) {
                compressedBytes += frame.length;
            }
            detail = codec.takeDetail();
            compressNanos = fastest(firstPass, () -> workers.forEachIndex(n, i -> codec.compress(inputs.get(i))));
            codec.takeDetail(); // repeated passes chose the same again
        } catch (RuntimeException e) {
            return Measurement.failed(n, originalBytes, message(codec, e));
        }
        byte[][] restored = new byte[n][];
        String[] errors = new String[n];
        long decompressNanos = workers.forEachIndex(n, i -> {
            try {
                restored[i] = codec.decompress(frames[i]);
            } catch (RuntimeException e) {
                errors[i] = message(codec, e);
            }
            progress.advance(inputs.get(i).length);
        });
        // compared after the pass, so that the comparison is not timed
        String failure = null;
        long failures = 0;
        for (int i = 0; i < n; i++) {
            if (restored[i] == null || !Arrays.equals(restored[i], inputs.get(i))) {
                failures++;
                if (failure == null) {
                    failure = errors[i] != null ? errors[i]
                            : codec.name() + ": input " + i + " (" + inputs.get(i).length + " bytes) did not round-trip";
                }
            }
            restored[i] = null;
        }
        if (failures == 0) {
            decompressNanos = fastest(decompressNanos, () -> workers.forEachIndex(n, i -> codec.decompress(frames[i])));
        }
        return new Measurement(n, originalBytes, compressedBytes, compressNanos, decompressNanos, failures, failure, detail);
    }

    /** Repeats a pass while the timing asks for more; the fastest pass, the first included, counts. */
    private long fastest(long firstPass, LongSupplier pass) {
        long best = firstPass;
        long spent = firstPass;
        for (int p = 1; p < timing.maxPasses() && spent < timing.minTimedNanos(); p++) {
            long t = pass.getAsLong();
            best = Math.min(best, t);
            spent += t;
        }
        return best;
    }

    /** Warms up every worker thread at once, each for the timing's rounds or time. */
    private void warmUp(BenchCodec codec, List<byte[]> inputs, Workers workers) {
        if (inputs.isEmpty() || timing.warmUpRounds() == 0) {
            return;
        }
        byte[] sample = Arrays.copyOf(inputs.get(0), Math.min(WARM_UP_BYTES, inputs.get(0).length));
        workers.onEach(() -> {
            long start = System.nanoTime();
            for (int round = 0; round < timing.warmUpRounds() && System.nanoTime() - start < timing.warmUpNanos(); round++) {
                codec.decompress(codec.compress(sample));
            }
        });
        codec.takeDetail(); // the warm-up's choices are not part of the measurement
    }

    private static String message(BenchCodec codec, RuntimeException e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        return m.startsWith(codec.name()) ? m : codec.name() + ": " + m;
    }
}
