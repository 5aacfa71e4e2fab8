package io.tokenpress.processor.chunking;

import io.tokenpress.codec.ChunkEncoder;
import io.tokenpress.processor.chunk.BufferedRecordSerde;
import io.tokenpress.processor.codec.EncoderSelection;
import io.tokenpress.processor.config.TokenpressConfig;
import io.tokenpress.processor.feedback.FeedbackInterceptors;
import io.tokenpress.processor.kafka.PartitionedValueSerializer;
import io.tokenpress.processor.kafka.SamePartitionPartitioner;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.VoidSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The compressing topology: plain topic &rarr; chunking processor (buffer per partition in a
 * persistent, changelogged store) &rarr; compressed topic, same partition number.
 */
public final class ChunkingTopology {
    /** Name of the buffer store; its changelog topic is {@code <application.id>-chunk-buffer-changelog}. */
    public static final String STORE_NAME = "chunk-buffer";

    static final String SOURCE = "plain-source";
    static final String PROCESSOR = "chunker";
    static final String SINK = "compressed-sink";

    private ChunkingTopology() {}

    /** The topology for a configuration; the encoder comes from {@link EncoderSelection}. */
    public static Topology build(TokenpressConfig config) {
        return build(config, UnaryOperator.identity());
    }

    /**
     * As {@link #build(TokenpressConfig)}, with each task's interceptor (the feedback interceptor the
     * configuration asks for) passed through {@code around}, e.g. to wrap it in one that records metrics.
     */
    public static Topology build(TokenpressConfig config, UnaryOperator<ChunkInterceptor> around) {
        // fail fast on a codec this build cannot provide, before any task starts
        EncoderSelection.create(config).close();
        Supplier<ChunkInterceptor> feedback = FeedbackInterceptors.forConfig(config);
        return build(config.inputTopic(), config.outputTopic(), ChunkingSettings.from(config),
                () -> EncoderSelection.create(config), () -> around.apply(feedback.get()), config.topicMaxMessageBytes());
    }

    /**
     * @param encoders makes one encoder per task (closed with the task)
     * @param changelogMaxMessageBytes {@code max.message.bytes} of the buffer's changelog topic (a
     *     buffered record can be as large as the largest input record)
     */
    public static Topology build(String inputTopic, String outputTopic, ChunkingSettings settings,
            Supplier<ChunkEncoder> encoders, int changelogMaxMessageBytes) {
        return build(inputTopic, outputTopic, settings, encoders, () -> ChunkInterceptor.NONE, changelogMaxMessageBytes);
    }

    /**
     * As {@link #build(String, String, ChunkingSettings, Supplier, int)}, with one {@link ChunkInterceptor}
     * per task called after each chunk is written (feedback events, sampled verification).
     */
    public static Topology build(String inputTopic, String outputTopic, ChunkingSettings settings,
            Supplier<ChunkEncoder> encoders, Supplier<? extends ChunkInterceptor> interceptors, int changelogMaxMessageBytes) {
        StoreBuilder<?> store = Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(STORE_NAME), Serdes.Long(), new BufferedRecordSerde())
                .withLoggingEnabled(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(changelogMaxMessageBytes)));
        Topology t = new Topology();
        t.addSource(SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(), inputTopic);
        t.addProcessor(PROCESSOR, () -> new ChunkingProcessor(settings, encoders, interceptors, STORE_NAME), SOURCE);
        t.addStateStore(store, PROCESSOR);
        t.addSink(SINK, outputTopic, new VoidSerializer(), new PartitionedValueSerializer(),
                new SamePartitionPartitioner<>(), PROCESSOR);
        return t;
    }
}
