package io.tokenpress.loadtest.run;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Prints a scenario's progress every few seconds while it runs. */
final class Progress implements AutoCloseable {
    final AtomicLong produced = new AtomicLong();
    final AtomicLong producedBytes = new AtomicLong();
    final AtomicLong consumed = new AtomicLong();
    private final ScheduledExecutorService timer;

    Progress(String scenario, long target, PrintStream out, long periodMillis) {
        long start = System.nanoTime();
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "loadtest-progress");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(() -> {
            double s = (System.nanoTime() - start) / 1e9;
            out.printf(Locale.ROOT, "  [%s] %5.1f s  produced %d/%d (%.2f MB/s)  consumed %d%n", scenario, s,
                    produced.get(), target, producedBytes.get() / 1e6 / Math.max(s, 1e-9), consumed.get());
        }, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
