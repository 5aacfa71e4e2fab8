package io.tokenpress.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * The threads one measurement runs on: with one job the calling thread, with more a fixed pool of that
 * many threads that lives as long as the measurement, so that the warm-up and every timed pass run on
 * the same threads (their compiled code and thread-local state carry over). In a pass the workers take
 * the next input index from a shared counter, as N partitions processed in parallel.
 */
final class Workers implements AutoCloseable {
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final int jobs;
    private final ExecutorService pool;

    /** @param jobs worker threads, at least 1 (1: everything runs on the calling thread) */
    Workers(int jobs) {
        if (jobs < 1) {
            throw new IllegalArgumentException("jobs must be at least 1, got " + jobs);
        }
        this.jobs = jobs;
        if (jobs == 1) {
            pool = null;
        } else {
            String prefix = "bench-worker-" + POOLS.incrementAndGet() + "-";
            AtomicInteger threads = new AtomicInteger();
            pool = Executors.newFixedThreadPool(jobs, r -> {
                Thread t = new Thread(r, prefix + threads.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }
    }

    /**
     * Runs {@code task} once on every worker thread, all at the same time; rethrows what a run threw
     * once all have ended.
     */
    void onEach(Runnable task) {
        if (pool == null) {
            task.run();
            return;
        }
        // no task starts before all are running: each holds its own thread of the pool
        CountDownLatch started = new CountDownLatch(jobs);
        runOnAll(() -> {
            started.countDown();
            try {
                started.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            task.run();
        });
    }

    /**
     * Calls {@code task} for each index in {@code 0..count-1} exactly once, spread over the workers, and
     * returns the wall time in nanoseconds. After a task throws, no further index is started; once the
     * running tasks have ended, the exception of the lowest failed index is thrown.
     */
    long forEachIndex(int count, IntConsumer task) {
        AtomicInteger next = new AtomicInteger();
        FirstFailure failure = new FirstFailure();
        Runnable worker = () -> {
            for (int i; !failure.seen() && (i = next.getAndIncrement()) < count; ) {
                try {
                    task.accept(i);
                } catch (RuntimeException e) {
                    failure.add(i, e);
                }
            }
        };
        long start = System.nanoTime();
        if (pool == null) {
            worker.run();
        } else {
            runOnAll(worker);
        }
        long nanos = System.nanoTime() - start;
        failure.rethrow();
        return nanos;
    }

    private void runOnAll(Runnable task) {
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            futures.add(pool.submit(task));
        }
        Throwable first = null;
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (ExecutionException e) {
                first = first != null ? first : e.getCause();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the bench workers", e);
            }
        }
        if (first instanceof Error error) {
            throw error;
        }
        if (first != null) {
            throw (RuntimeException) first; // a Runnable throws nothing else
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    /** The exception of the lowest input index that failed in a pass. */
    private static final class FirstFailure {
        private volatile boolean seen;
        private int index = Integer.MAX_VALUE;
        private RuntimeException exception;

        boolean seen() {
            return seen;
        }

        synchronized void add(int i, RuntimeException e) {
            if (i < index) {
                index = i;
                exception = e;
            }
            seen = true;
        }

        synchronized void rethrow() {
            if (exception != null) {
                throw exception;
            }
        }
    }
}
