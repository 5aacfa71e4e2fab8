package io.tokenpress.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Measures one codec on a list of inputs: compresses every input, then decompresses every frame and
 * compares the result with the original (the comparison is not timed).
 *
 * <p>Timing (see {@link Timing#standard()}): before timing, the codec is warmed up on a prefix of the
 * first input, so that loading native libraries, first calls and the JIT are not charged to it. A pass
 * over all inputs that takes less than the minimum time is repeated and the fastest pass counts: short
 * runs on a shared machine are otherwise dominated by noise. Slow codecs (the neural one) run once.
 */
public final class Measurer {
    /** Warm-up input: at most this many bytes of the first input. */
    static final int WARM_UP_BYTES = 1024;

    private final Progress progress;
    private final Timing timing;

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

        /** Up to 200 warm-up rounds or 0.3 s; passes repeated up to 20 times or 0.3 s. */
        public static Timing standard() {
            return new Timing(200, 300_000_000L, 300_000_000L, 20);
        }

        /** No warm-up, one pass: sizes and round trips are exact, speeds are rough. */
        public static Timing once() {
            return new Timing(0, 0, 0, 1);
        }
    }

    /** @param progress told about every byte compressed and decompressed in the first pass */
    public Measurer(Progress progress, Timing timing) {
        this.progress = Objects.requireNonNull(progress, "progress");
        this.timing = Objects.requireNonNull(timing, "timing");
    }

    /**
     * Measures {@code codec} on {@code inputs}. A compression error ends the measurement and is reported
     * in {@link Measurement#failure()}; a decompression error or mismatch counts as a round-trip failure
     * for that input and the measurement goes on.
     */
    public Measurement measure(BenchCodec codec, List<byte[]> inputs) {
        long originalBytes = inputs.stream().mapToLong(b -> b.length).sum();
        byte[][] frames = new byte[inputs.size()][];
        long compressedBytes = 0;
        long compressNanos;
        String detail;
        try {
            warmUp(codec, inputs);
            long t0 = System.nanoTime();
            for (int i = 0; i < inputs.size(); i++) {
                frames[i] = codec.compress(inputs.get(i));
                compressedBytes += frames[i].length;
                progress.advance(inputs.get(i).length);
            }
            compressNanos = System.nanoTime() - t0;
            detail = codec.takeDetail();
            long spent = compressNanos;
            for (int pass = 1; pass < timing.maxPasses() && spent < timing.minTimedNanos(); pass++) {
                long t = System.nanoTime();
                for (byte[] input : inputs) {
                    codec.compress(input);
                }
                t = System.nanoTime() - t;
                compressNanos = Math.min(compressNanos, t);
                spent += t;
            }
            codec.takeDetail(); // repeated passes chose the same again
        } catch (RuntimeException e) {
            return Measurement.failed(inputs.size(), originalBytes, message(codec, e));
        }
        String failure = null;
        long failures = 0;
        long decompressNanos = 0;
        for (int i = 0; i < inputs.size(); i++) {
            long t0 = System.nanoTime();
            byte[] restored;
            try {
                restored = codec.decompress(frames[i]);
            } catch (RuntimeException e) {
                restored = null;
                failure = failure != null ? failure : message(codec, e);
            }
            decompressNanos += System.nanoTime() - t0;
            if (restored == null || !Arrays.equals(restored, inputs.get(i))) {
                failures++;
                if (failure == null) {
                    failure = codec.name() + ": input " + i + " (" + inputs.get(i).length + " bytes) did not round-trip";
                }
            }
            progress.advance(inputs.get(i).length);
        }
        if (failures == 0) {
            decompressNanos = fastestDecompressPass(codec, frames, decompressNanos);
        }
        return new Measurement(
                inputs.size(), originalBytes, compressedBytes, compressNanos, decompressNanos, failures, failure, detail);
    }

    private long fastestDecompressPass(BenchCodec codec, byte[][] frames, long firstPass) {
        long best = firstPass;
        long spent = firstPass;
        for (int pass = 1; pass < timing.maxPasses() && spent < timing.minTimedNanos(); pass++) {
            long t = System.nanoTime();
            for (byte[] frame : frames) {
                codec.decompress(frame);
            }
            t = System.nanoTime() - t;
            best = Math.min(best, t);
            spent += t;
        }
        return best;
    }

    private void warmUp(BenchCodec codec, List<byte[]> inputs) {
        if (inputs.isEmpty() || timing.warmUpRounds() == 0) {
            return;
        }
        byte[] sample = Arrays.copyOf(inputs.get(0), Math.min(WARM_UP_BYTES, inputs.get(0).length));
        long start = System.nanoTime();
        for (int round = 0; round < timing.warmUpRounds() && System.nanoTime() - start < timing.warmUpNanos(); round++) {
            codec.decompress(codec.compress(sample));
        }
        codec.takeDetail(); // the warm-up's choices are not part of the measurement
    }

    private static String message(BenchCodec codec, RuntimeException e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        return m.startsWith(codec.name()) ? m : codec.name() + ": " + m;
    }
}
