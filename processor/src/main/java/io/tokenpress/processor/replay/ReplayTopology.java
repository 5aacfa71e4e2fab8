package io.tokenpress.processor.replay;

import io.tokenpress.processor.chunk.ChunkReader;
import io.tokenpress.processor.codec.DecoderSelection;
import io.tokenpress.processor.config.TokenpressConfig;
import io.tokenpress.processor.kafka.PartitionedValueSerializer;
import io.tokenpress.processor.kafka.SamePartitionPartitioner;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.Topology;

/**
 * The replay topology: compressed topic &rarr; replay processor &rarr; plain topic (same partition
 * number), plus a dead-letter sink for undecodable chunks.
 */
public final class ReplayTopology {
    static final String SOURCE = "compressed-source";
    static final String PROCESSOR = "unpacker";
    static final String SINK = "replay-sink";
    static final String DEAD_LETTER_SINK = "dead-letter-sink";

    private ReplayTopology() {}

    /** The topology for a configuration; the decoder comes from {@link DecoderSelection}. */
    public static Topology build(TokenpressConfig config) {
        return build(config.outputTopic(), config.replayTopic(), config.deadLetterTopic(), CorruptChunkPolicy.from(config),
                () -> new ChunkReader(DecoderSelection.create(config), config.maxChunkBytes()));
    }

    /**
     * @param readers makes one chunk reader per task (closed with the task)
     */
    public static Topology build(String compressedTopic, String replayTopic, String deadLetterTopic,
            CorruptChunkPolicy policy, Supplier<ChunkReader> readers) {
        Topology t = new Topology();
        t.addSource(SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(), compressedTopic);
        t.addProcessor(PROCESSOR, () -> new ReplayProcessor(readers, policy), SOURCE);
        t.addSink(SINK, replayTopic, new ByteArraySerializer(), new PartitionedValueSerializer(),
                new SamePartitionPartitioner<>(), PROCESSOR);
        t.addSink(DEAD_LETTER_SINK, deadLetterTopic, new ByteArraySerializer(), new PartitionedValueSerializer(),
                new SamePartitionPartitioner<>(), PROCESSOR);
        return t;
    }
}
