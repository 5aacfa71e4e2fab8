package io.tokenpress.processor.feedback;

import io.tokenpress.codec.ChunkDecoder;
import io.tokenpress.processor.chunking.ChunkInterceptor;
import io.tokenpress.processor.config.TokenpressConfig;
import io.tokenpress.processor.models.ModelCatalog;
import io.tokenpress.processor.models.ModelRollout;
import io.tokenpress.processor.kafka.TopicSetupException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/** Builds the per-task {@link FeedbackInterceptor}s a configuration asks for. */
public final class FeedbackInterceptors {
    private FeedbackInterceptors() {}

    /**
     * One interceptor per task: verification at {@code feedback.verify.rate} and, where
     * {@code feedback.topic} is set, events to that topic (created with one partition when missing).
     * With a zero verify rate and no topic: {@link ChunkInterceptor#NONE}.
     */
    public static Supplier<ChunkInterceptor> forConfig(TokenpressConfig config) {
        FeedbackSettings settings = FeedbackSettings.from(config);
        if (settings.verifyRate() == 0 && !settings.sendsEvents()) {
            return () -> ChunkInterceptor.NONE;
        }
        if (settings.sendsEvents() && !config.wantsEmbeddedBroker()) {
            createTopic(config, settings.topic());
        }
        return () -> {
            ChunkDecoder decoder = ModelRollout.decoder(config);
            ModelCatalog catalog = ModelCatalog.open(config);
            FeedbackSink sink = settings.sendsEvents() && !config.wantsEmbeddedBroker()
                    ? new KafkaFeedbackSink(config.clientProperties(), settings.topic(), config.topicMaxMessageBytes(), FeedbackMetrics.global())
                    : FeedbackSink.NONE;
            return new FeedbackInterceptor(config.inputTopic(), settings, new ChunkVerifier(decoder, settings.maxChunkBytes()),
                    catalog.source(), sink, FeedbackMetrics.global(), () -> {
                        decoder.close();
                        catalog.close();
                    });
        };
    }

    /** Creates the feedback topic (one partition) unless it exists, whatever its partition count. */
    static void createTopic(TokenpressConfig config, String topic) {
        try (Admin admin = Admin.create(config.clientProperties())) {
            NewTopic t = new NewTopic(topic, 1, (short) -1)
                    .configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(config.topicMaxMessageBytes())));
            admin.createTopics(List.of(t)).all().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new TopicSetupException("cannot create feedback topic '" + topic + "': " + e.getCause().getMessage(), e.getCause());
            }
        } catch (TimeoutException e) {
            throw new TopicSetupException("timed out creating feedback topic '" + topic + "'", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TopicSetupException("interrupted creating feedback topic '" + topic + "'", e);
        }
    }
}
