package io.tokenpress.loadtest.run;

import java.time.Duration;

/**
 * Bounds and knobs shared by every scenario of a run.
 *
 * @param maxRecords records produced per scenario at most
 * @param maxProduceTime producing stops after this long even if fewer records were sent
 * @param drainTimeout after producing, how long the consumer may take to receive the rest
 * @param rate records per second the producer sends at; 0 for flat out
 * @param partitions partitions of every topic the load test creates
 * @param chunkLingerMs the chunking processor's {@code chunk.linger.ms}
 * @param chunkMaxRecords the chunking processor's {@code chunk.max.records}
 */
public record RunSettings(
        long maxRecords,
        Duration maxProduceTime,
        Duration drainTimeout,
        double rate,
        int partitions,
        long chunkLingerMs,
        int chunkMaxRecords) {

    public RunSettings {
        if (maxRecords < 1) {
            throw new IllegalArgumentException("records per scenario must be at least 1, got " + maxRecords);
        }
        if (rate < 0) {
            throw new IllegalArgumentException("rate must be >= 0 (0 = flat out), got " + rate);
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, got " + partitions);
        }
        if (maxRecords > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("at most " + (Integer.MAX_VALUE - 8) + " records per scenario");
        }
    }
}
