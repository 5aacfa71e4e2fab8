package io.tokenpress.processor.replay;

import io.tokenpress.processor.config.TokenpressConfig;

/** What replay does with a chunk it cannot decode ({@code replay.on.corrupt}). */
public enum CorruptChunkPolicy {
    /** Stop replay with an {@link UndecodableChunkException} (the default). */
    FAIL("fail"),
    /** Write the chunk unchanged to the dead-letter topic, with headers naming where it came from and why. */
    DEAD_LETTER("dead-letter");

    private final String configValue;

    CorruptChunkPolicy(String configValue) {
        this.configValue = configValue;
    }

    public String configValue() {
        return configValue;
    }

    public static CorruptChunkPolicy from(TokenpressConfig config) {
        return of(config.getString(TokenpressConfig.REPLAY_ON_CORRUPT_CONFIG));
    }

    /** @throws IllegalArgumentException for a value that names no policy */
    public static CorruptChunkPolicy of(String value) {
        for (CorruptChunkPolicy p : values()) {
            if (p.configValue.equals(value)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown " + TokenpressConfig.REPLAY_ON_CORRUPT_CONFIG + " '" + value + "': use fail or dead-letter");
    }
}
