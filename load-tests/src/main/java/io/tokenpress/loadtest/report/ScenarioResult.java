package io.tokenpress.loadtest.report;

import io.tokenpress.loadtest.measure.Percentiles;
import java.util.Objects;

/**
 * What one load-test scenario measured.
 *
 * @param scenario scenario name, e.g. {@code kafka-lz4} or {@code tokenpress-chunk-zstd}
 * @param description how the data was compressed, one line
 * @param records records produced (and acknowledged)
 * @param consumed records the consumer saw, after decompression / flattening
 * @param payloadBytes bytes of the produced record values (the original data)
 * @param storedPayloadBytes bytes of the record values the measured topic holds: all produced ones,
 *     except for the chunking processor, where it is those it wrote (as consumed), fewer when it did not
 *     keep up
 * @param produceSeconds time from the first send to the last acknowledgement
 * @param endToEndSeconds time from the first send to the last record consumed
 * @param latency end-to-end latencies in nanoseconds (send to consume)
 * @param bytesOnDisk log segment bytes of the topic the data is stored in (the compressed topic for
 *     the chunking processor)
 * @param cpuSeconds process CPU time used while the scenario ran
 * @param note anything the reader should know (timeouts, missing pieces); empty if none
 */
public record ScenarioResult(
        String scenario,
        String description,
        long records,
        long consumed,
        long payloadBytes,
        long storedPayloadBytes,
        double produceSeconds,
        double endToEndSeconds,
        Percentiles latency,
        long bytesOnDisk,
        double cpuSeconds,
        String note) {

    public ScenarioResult {
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(latency, "latency");
        note = note == null ? "" : note;
    }

    /** Records produced per second. */
    public double recordsPerSecond() {
        return produceSeconds > 0 ? records / produceSeconds : 0;
    }

    /** Payload megabytes (10^6 bytes) produced per second. */
    public double megabytesPerSecond() {
        return produceSeconds > 0 ? payloadBytes / produceSeconds / 1e6 : 0;
    }

    /** Records consumed per second, end to end. */
    public double consumedPerSecond() {
        return endToEndSeconds > 0 ? consumed / endToEndSeconds : 0;
    }

    /**
     * Payload megabytes consumed per second, end to end (first send to last record consumed): the rate
     * the whole pipeline sustained.
     */
    public double endToEndMegabytesPerSecond() {
        if (endToEndSeconds <= 0 || records == 0) {
            return 0;
        }
        return (double) payloadBytes / records * Math.min(consumed, records) / endToEndSeconds / 1e6;
    }

    /** Stored payload bytes over bytes on disk; 0 when nothing is on disk. */
    public double compressionRatio() {
        return bytesOnDisk > 0 ? (double) storedPayloadBytes / bytesOnDisk : 0;
    }

    /** Latency percentile in milliseconds, NaN when no record was consumed. */
    public double latencyMillis(double percentile) {
        return latency.count() == 0 ? Double.NaN : latency.percentile(percentile) / 1e6;
    }

    /** CPU milliseconds per payload megabyte. */
    public double cpuMillisPerMegabyte() {
        return payloadBytes > 0 ? cpuSeconds * 1e3 / (payloadBytes / 1e6) : 0;
    }
}
