package io.tokenpress.processor.retrain;

import io.tokenpress.codec.CorruptChunkException;
import io.tokenpress.processor.feedback.FeedbackEvents;
import io.tokenpress.processor.kafka.TopicReader;
import io.tokenpress.schema.FeedbackEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads feedback events from the feedback topic, or a range of it. */
public final class FeedbackLog {
    private static final Logger LOG = LoggerFactory.getLogger(FeedbackLog.class);

    private FeedbackLog() {}

    /**
     * Every event from {@code fromOffset} (in each partition) up to the topic's current end, at most
     * {@code maxEvents} (0 = all). Records that are not feedback events are logged and skipped.
     *
     * @throws io.tokenpress.processor.kafka.TopicSetupException if the topic does not exist
     */
    public static List<FeedbackEvent> read(Map<String, Object> clientProperties, String topic, long fromOffset, long maxEvents) {
        List<FeedbackEvent> out = new ArrayList<>();
        int skipped = 0;
        try (TopicReader reader = new TopicReader(clientProperties, topic)) {
            for (ConsumerRecord<byte[], byte[]> r : reader.readToEnd(Duration.ofMinutes(2))) {
                if (r.offset() < fromOffset || r.value() == null) {
                    continue;
                }
                try {
                    out.add(FeedbackEvents.decode(r.value()));
                } catch (CorruptChunkException e) {
                    skipped++;
                }
                if (maxEvents > 0 && out.size() >= maxEvents) {
                    break;
                }
            }
        }
        if (skipped > 0) {
            LOG.warn("skipped {} records of '{}' that are not feedback events", skipped, topic);
        }
        return out;
    }
}
