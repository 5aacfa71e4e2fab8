package io.tokenpress.loadtest.measure;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/**
 * CPU time of this JVM process (all threads: producer, processor, consumer and, when it runs
 * in-process, the broker), from {@code com.sun.management.OperatingSystemMXBean#getProcessCpuTime}.
 */
public final class CpuMeter {
    private CpuMeter() {}

    /**
     * Process CPU time in nanoseconds.
     *
     * @throws UnsupportedOperationException if this JVM does not report it
     */
    public static long processCpuNanos() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean) {
            long t = ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime();
            if (t >= 0) {
                return t;
            }
        }
        throw new UnsupportedOperationException("this JVM does not report process CPU time");
    }
}
