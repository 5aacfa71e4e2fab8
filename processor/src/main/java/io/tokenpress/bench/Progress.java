package io.tokenpress.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Progress of a long run: counts units of work (bytes compressed plus bytes decompressed) against a
 * known total and prints, at most every few seconds, a line with the percentage, what is running and
 * an estimate of the time left (elapsed time scaled by the fraction done: rough when codecs differ
 * widely in speed). Prints nothing for runs shorter than the interval. Thread-safe: the workers of a
 * pass report concurrently.
 */
public final class Progress {
    private static final long DEFAULT_INTERVAL_NANOS = 3_000_000_000L;

    private final PrintStream out;
    private final long total;
    private final LongSupplier clock;
    private final long intervalNanos;
    private final long start;
    private long done;
    private long lastPrint;
    private String stage = "";

    /** Reports on {@code out} every 3 seconds at most. */
    public Progress(PrintStream out, long total) {
        this(out, total, System::nanoTime, DEFAULT_INTERVAL_NANOS);
    }

    Progress(PrintStream out, long total, LongSupplier clock, long intervalNanos) {
        this.out = Objects.requireNonNull(out, "out");
        this.total = Math.max(1, total);
        this.clock = clock;
        this.intervalNanos = intervalNanos;
        this.start = clock.getAsLong();
        this.lastPrint = start;
    }

    /** A progress that reports nothing. */
    public static Progress silent() {
        return new Progress(new PrintStream(PrintStream.nullOutputStream()), 1, () -> 0L, Long.MAX_VALUE);
    }

    /** Names what runs now, e.g. {@code xz-9, 4096-byte chunks}. */
    public synchronized void stage(String stage) {
        this.stage = stage;
    }

    /** Adds {@code units} of work done; prints a line when the interval has passed. */
    public synchronized void advance(long units) {
        done += units;
        long now = clock.getAsLong();
        if (now - lastPrint >= intervalNanos) {
            lastPrint = now;
            out.println(line(now));
        }
    }

    synchronized String line(long now) {
        double fraction = Math.min(1.0, (double) done / total);
        long elapsed = now - start;
        String eta = fraction <= 0 ? "?" : format(Duration.ofNanos((long) (elapsed / fraction) - elapsed));
        return String.format("bench: %5.1f%%  %s  elapsed %s, ETA %s",
                100 * fraction, stage, format(Duration.ofNanos(elapsed)), eta);
    }

    static String format(Duration d) {
        long s = Math.max(0, d.toSeconds());
        return s >= 3600
                ? String.format("%dh%02dm", s / 3600, s / 60 % 60)
                : s >= 60 ? String.format("%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
