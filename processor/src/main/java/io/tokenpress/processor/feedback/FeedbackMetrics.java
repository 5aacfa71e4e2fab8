package io.tokenpress.processor.feedback;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of the feedback loop, shared by every task of a processor (thread-safe): chunks seen, chunks
 * verified, verification mismatches (each one an alarm), chunks re-written with the fallback codec,
 * chunks sampled into events, events sent and events that could not be sent.
 */
public final class FeedbackMetrics {
    private static final FeedbackMetrics GLOBAL = new FeedbackMetrics();

    private final LongAdder chunks = new LongAdder();
    private final LongAdder verified = new LongAdder();
    private final LongAdder mismatches = new LongAdder();
    private final LongAdder fallbacks = new LongAdder();
    private final LongAdder sampled = new LongAdder();
    private final LongAdder sent = new LongAdder();
    private final LongAdder sendFailures = new LongAdder();

    /** The counters of this JVM's processors. */
    public static FeedbackMetrics global() {
        return GLOBAL;
    }

    void chunk() {
        chunks.increment();
    }

    void verified() {
        verified.increment();
    }

    void mismatch() {
        mismatches.increment();
    }

    void fallback() {
        fallbacks.increment();
    }

    void sampled() {
        sampled.increment();
    }

    void sent() {
        sent.increment();
    }

    void sendFailure() {
        sendFailures.increment();
    }

    public long chunks() {
        return chunks.sum();
    }

    public long verifiedChunks() {
        return verified.sum();
    }

    public long mismatches() {
        return mismatches.sum();
    }

    public long fallbacks() {
        return fallbacks.sum();
    }

    public long sampledChunks() {
        return sampled.sum();
    }

    public long eventsSent() {
        return sent.sum();
    }

    public long sendFailures() {
        return sendFailures.sum();
    }

    /** Every counter by name ({@code feedback-chunks-total}, ...), e.g. for a metrics endpoint. */
    public Map<String, Long> snapshot() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("feedback-chunks-total", chunks());
        m.put("feedback-verified-total", verifiedChunks());
        m.put("feedback-mismatches-total", mismatches());
        m.put("feedback-fallbacks-total", fallbacks());
        m.put("feedback-sampled-total", sampledChunks());
        m.put("feedback-events-sent-total", eventsSent());
        m.put("feedback-send-failures-total", sendFailures());
        return m;
    }
}
