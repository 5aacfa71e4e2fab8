package io.tokenpress.processor.app;

import io.tokenpress.processor.chunking.ChunkInterceptor;
import io.tokenpress.processor.chunking.ChunkingTopology;
import io.tokenpress.processor.config.TokenpressConfig;
import io.tokenpress.processor.kafka.StreamsRunner;
import io.tokenpress.processor.kafka.TopicProvisioner;
import io.tokenpress.processor.replay.CorruptChunkPolicy;
import io.tokenpress.processor.replay.ReplayTopology;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.admin.Admin;

/**
 * Starts the two stages of a pipeline against real brokers, after creating or checking the topics
 * they write: the processor (plain &rarr; compressed) and replay (compressed &rarr; plain).
 */
public final class Pipeline {
    /** Suffix of replay's application id. */
    public static final String REPLAY_APPLICATION_SUFFIX = "-replay";

    private Pipeline() {}

    /**
     * Creates the compressed topic with the input's partition count (or checks it) and starts the
     * chunking processor.
     *
     * @throws io.tokenpress.processor.kafka.TopicSetupException if the input topic is missing or the
     *     partition counts differ
     */
    public static StreamsRunner startProcessor(TokenpressConfig config) {
        return startProcessor(config, UnaryOperator.identity());
    }

    /**
     * As {@link #startProcessor(TokenpressConfig)}, with each task's chunk interceptor passed through
     * {@code around} (see {@link ChunkingTopology#build(TokenpressConfig, UnaryOperator)}).
     */
    public static StreamsRunner startProcessor(TokenpressConfig config, UnaryOperator<ChunkInterceptor> around) {
        try (Admin admin = Admin.create(config.clientProperties())) {
            new TopicProvisioner(admin, config.topicMaxMessageBytes()).ensureSamePartitions(config.inputTopic(), config.outputTopic());
        }
        return StreamsRunner.start("tokenpress processor", ChunkingTopology.build(config, around),
                config.streamsProperties(config.applicationId()));
    }

    /**
     * Creates the replay topic (and with the dead-letter policy the dead-letter topic) with the
     * compressed topic's partition count (or checks them) and starts replay.
     */
    public static StreamsRunner startReplay(TokenpressConfig config) {
        try (Admin admin = Admin.create(config.clientProperties())) {
            TopicProvisioner topics = new TopicProvisioner(admin, config.topicMaxMessageBytes());
            int n = topics.ensureSamePartitions(config.outputTopic(), config.replayTopic());
            if (CorruptChunkPolicy.from(config) == CorruptChunkPolicy.DEAD_LETTER) {
                topics.ensurePartitions(config.deadLetterTopic(), n, "the partition count of '" + config.outputTopic() + "'");
            }
        }
        return StreamsRunner.start("tokenpress replay", ReplayTopology.build(config),
                config.streamsProperties(config.applicationId() + REPLAY_APPLICATION_SUFFIX));
    }
}
