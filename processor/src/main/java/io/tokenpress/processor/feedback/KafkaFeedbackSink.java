package io.tokenpress.processor.feedback;

import io.tokenpress.schema.FeedbackEvent;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends feedback events to the feedback topic with a plain idempotent producer, keyed by
 * {@code <topic>-<partition>} so the events of one input partition stay in order. Feedback is
 * telemetry: it is sent at least once, outside the processor's transactions, and a failed send is
 * logged and counted rather than stopping compression.
 */
public final class KafkaFeedbackSink implements FeedbackSink {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaFeedbackSink.class);

    private final String topic;
    private final KafkaProducer<String, byte[]> producer;
    private final FeedbackMetrics metrics;

    /**
     * @param clientProperties Kafka client properties with {@code bootstrap.servers}
     * @param maxRequestBytes largest event (sampled chunks make events as large as chunks)
     */
    public KafkaFeedbackSink(Map<String, Object> clientProperties, String topic, int maxRequestBytes, FeedbackMetrics metrics) {
        Map<String, Object> p = new HashMap<>(clientProperties);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, maxRequestBytes);
        this.topic = topic;
        this.metrics = metrics;
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    @Override
    public void send(FeedbackEvent event) {
        String key = event.getTopic() + "-" + event.getPartition();
        producer.send(new ProducerRecord<>(topic, key, FeedbackEvents.encode(event)), (md, e) -> {
            if (e == null) {
                metrics.sent();
            } else {
                metrics.sendFailure();
                LOG.warn("could not send feedback event for {} offsets {}..{} to '{}': {}", key, event.getFirstOffset(),
                        event.getLastOffset(), topic, e.toString());
            }
        });
    }

    /** Waits for every event sent so far. */
    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
