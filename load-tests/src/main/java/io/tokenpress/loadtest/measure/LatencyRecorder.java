package io.tokenpress.loadtest.measure;

import java.util.Arrays;

/**
 * Collects latencies (nanoseconds) up to a fixed capacity; thread-safe. The load test bounds the
 * number of records per scenario, so a plain array holds every observation and the percentiles are
 * exact rather than estimated from a histogram.
 */
public final class LatencyRecorder {
    private final long[] values;
    private int count;
    private long dropped;

    /** @param capacity the most observations kept; later ones are counted as dropped */
    public LatencyRecorder(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        values = new long[capacity];
    }

    /** Records one latency; negative values (clock skew across machines) count as 0. */
    public synchronized void record(long nanos) {
        if (count < values.length) {
            values[count++] = Math.max(0, nanos);
        } else {
            dropped++;
        }
    }

    /** Observations kept so far. */
    public synchronized int count() {
        return count;
    }

    /** Observations beyond the capacity. */
    public synchronized long dropped() {
        return dropped;
    }

    /** Percentiles of everything recorded so far. */
    public synchronized Percentiles percentiles() {
        return Percentiles.of(Arrays.copyOf(values, count), count);
    }
}
