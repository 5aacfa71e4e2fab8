package io.tokenpress.processor.chunking;

import io.tokenpress.processor.config.TokenpressConfig;
import java.time.Duration;

/**
 * When a partition's buffer becomes a chunk: at {@code maxRecords} records, before it would exceed
 * {@code maxBytes} (see {@link io.tokenpress.serdes.ChunkRecord#sizeInBytes()}), or
 * {@code linger} after its first record arrived (wall-clock).
 */
public record ChunkingSettings(int maxRecords, int maxBytes, Duration linger) {
    public ChunkingSettings {
        if (maxRecords < 1) {
            throw new IllegalArgumentException("maxRecords must be at least 1: " + maxRecords);
        }
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be at least 1: " + maxBytes);
        }
        if (linger.isNegative() || linger.isZero()) {
            throw new IllegalArgumentException("linger must be positive: " + linger);
        }
    }

    public static ChunkingSettings from(TokenpressConfig c) {
        return new ChunkingSettings(
                c.getInt(TokenpressConfig.CHUNK_MAX_RECORDS_CONFIG),
                c.getInt(TokenpressConfig.CHUNK_MAX_BYTES_CONFIG),
                Duration.ofMillis(c.getLong(TokenpressConfig.CHUNK_LINGER_MS_CONFIG)));
    }

    /** How often the linger check runs: often enough that a buffer waits at most about 1.25 x linger. */
    Duration punctuationInterval() {
        long ms = Math.max(1, Math.min(linger.toMillis() / 4, 1000));
        return Duration.ofMillis(ms);
    }
}
