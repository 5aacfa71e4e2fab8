package io.tokenpress.processor.feedback;

import io.tokenpress.schema.FeedbackEvent;
import java.util.ArrayList;
import java.util.List;

/** A feedback sink that keeps every event, round-tripped through the wire format. */
final class CollectingSink implements FeedbackSink {
    final List<FeedbackEvent> events = new ArrayList<>();

    @Override
    public void send(FeedbackEvent event) {
        events.add(FeedbackEvents.decode(FeedbackEvents.encode(event)));
    }
}
