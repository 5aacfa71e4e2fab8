package io.tokenpress.loadtest.measure;

import java.util.concurrent.locks.LockSupport;

/**
 * Paces a single producer thread at a fixed rate (records per second) without drift: the n-th
 * permit is due at {@code start + n / rate}. Rate 0 means flat out (never waits).
 */
public final class RateLimiter {
    private final double nanosPerPermit;
    private final long start;
    private long issued;

    /** @param perSecond permits per second; 0 for no limit */
    public RateLimiter(double perSecond) {
        if (perSecond < 0 || Double.isNaN(perSecond)) {
            throw new IllegalArgumentException("rate must be >= 0, got " + perSecond);
        }
        this.nanosPerPermit = perSecond == 0 ? 0 : 1e9 / perSecond;
        this.start = System.nanoTime();
    }

    /** Waits until the next permit is due. */
    public void acquire() {
        if (nanosPerPermit == 0) {
            return;
        }
        long due = start + (long) (issued++ * nanosPerPermit);
        long wait;
        while ((wait = due - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
        }
    }
}
