package io.tokenpress.processor.feedback;

import io.tokenpress.processor.config.TokenpressConfig;

/**
 * The feedback settings of a processor.
 *
 * @param topic feedback topic; empty for no events (verification still runs)
 * @param verifyRate share of chunks decoded right after writing and compared with their input
 * @param sampleRate share of chunks whose data, latent and behaviour log-probability go into the event
 * @param fallbackZstdLevel zstd level of the fallback codec a chunk is re-written with after a mismatch
 * @param maxChunkBytes largest chunk the verifier decodes (as replay's {@code max.chunk.bytes})
 */
public record FeedbackSettings(String topic, double verifyRate, double sampleRate, int fallbackZstdLevel, int maxChunkBytes) {

    public FeedbackSettings {
        if (verifyRate < 0 || verifyRate > 1 || sampleRate < 0 || sampleRate > 1) {
            throw new IllegalArgumentException("feedback rates must lie in [0, 1]: verify " + verifyRate + ", sample " + sampleRate);
        }
        topic = topic == null ? "" : topic;
    }

    /** The settings in a configuration ({@code feedback.*}, {@code zstd.level}, {@code max.chunk.bytes}). */
    public static FeedbackSettings from(TokenpressConfig config) {
        return new FeedbackSettings(
                config.getString(TokenpressConfig.FEEDBACK_TOPIC_CONFIG),
                config.getDouble(TokenpressConfig.FEEDBACK_VERIFY_RATE_CONFIG),
                config.getDouble(TokenpressConfig.FEEDBACK_SAMPLE_RATE_CONFIG),
                config.getInt(TokenpressConfig.ZSTD_LEVEL_CONFIG),
                config.maxChunkBytes());
    }

    /** True when events are sent. */
    public boolean sendsEvents() {
        return !topic.isBlank();
    }
}
