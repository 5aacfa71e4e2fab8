package io.tokenpress.codec.neural;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Splits index ranges over a fixed pool of threads. Each index is computed by exactly one task with the
 * same integer code, so the results do not depend on the number of threads.
 */
final class Parallel implements AutoCloseable {
    /** Work (in multiply-adds) below which a range runs on the calling thread. */
    static final long MIN_PARALLEL_WORK = 1L << 17;

    interface RangeBody {
        void run(int from, int to);
    }

    private final int threads;
    private final ExecutorService pool;

    Parallel(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1: " + threads);
        }
        this.threads = threads;
        this.pool = threads == 1 ? null : Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "tokenpress-int-inference");
            t.setDaemon(true);
            return t;
        });
    }

    int threads() {
        return threads;
    }

    /** Runs {@code body} over {@code [0, n)}, in parallel when {@code work} is large enough. */
    void forRange(int n, long work, RangeBody body) {
        if (pool == null || n < 2 || work < MIN_PARALLEL_WORK) {
            body.run(0, n);
            return;
        }
        int parts = Math.min(threads, n);
        List<Future<?>> fs = new ArrayList<>(parts - 1);
        for (int p = 1; p < parts; p++) {
            int from = (int) ((long) n * p / parts);
            int to = (int) ((long) n * (p + 1) / parts);
            fs.add(pool.submit(() -> body.run(from, to)));
        }
        body.run(0, (int) ((long) n / parts));
        for (Future<?> f : fs) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } catch (ExecutionException e) {
                Throwable c = e.getCause();
                if (c instanceof RuntimeException re) {
                    throw re;
                }
                throw new IllegalStateException(c);
            }
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
