package io.tokenpress.processor.feedback;

import io.tokenpress.schema.FeedbackEvent;

/** Where feedback events go: the feedback topic ({@link KafkaFeedbackSink}), or a list in tests. */
public interface FeedbackSink extends AutoCloseable {

    /** A sink that discards events (no feedback topic configured). */
    FeedbackSink NONE = event -> {};

    /** Sends one event; may be asynchronous. Failures are counted, never thrown into the pipeline. */
    void send(FeedbackEvent event);

    @Override
    default void close() {}
}
