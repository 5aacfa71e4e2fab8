package io.tokenpress.serdes;

import io.tokenpress.codec.TokenpressException;
import io.tokenpress.serdes.internals.ChunkReader;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Kafka Streams helpers that turn a stream of chunks (a topic written by the tokenpress processor) into
 * the stream of the original records, with their keys, values, timestamps and headers, in their original
 * order per partition:
 *
 * <pre>{@code
 * KStream<String, String> orders =
 *         ChunkedStreams.stream(builder, "orders.tp", Serdes.String(), Serdes.String(), tokenpressConfigs);
 * }</pre>
 *
 * <p>A chunk that cannot be read (corrupt, unknown format version, model unavailable) raises a
 * {@link SerializationException} naming its topic, partition, offset and cause, which Kafka Streams hands to
 * its processing exception handler (by default the task fails; nothing is skipped silently). Records of a
 * chunk become visible downstream together, when the chunk is processed.
 */
public final class ChunkedStreams {
    private ChunkedStreams() {}

    /**
     * The original records of chunked topic {@code topic}.
     *
     * @param configs tokenpress settings ({@link TokenpressSerdeConfig}): model store, schema registry
     */
    public static <K, V> KStream<K, V> stream(StreamsBuilder builder, String topic, Serde<K> keySerde,
            Serde<V> valueSerde, Map<String, ?> configs) {
        KStream<byte[], byte[]> chunks = builder.stream(topic, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()));
        return flatten(chunks, keySerde, valueSerde, configs);
    }

    /**
     * The original records of a stream of chunks (raw envelope bytes as values).
     *
     * @param configs tokenpress settings ({@link TokenpressSerdeConfig}): model store, schema registry
     */
    public static <K, V> KStream<K, V> flatten(KStream<byte[], byte[]> chunks, Serde<K> keySerde,
            Serde<V> valueSerde, Map<String, ?> configs) {
        Map<String, ?> copy = Map.copyOf(configs);
        new TokenpressSerdeConfig(copy); // fail fast on bad settings, when the topology is built
        return chunks.process(() -> new FlattenProcessor<>(copy, keySerde.deserializer(), valueSerde.deserializer()));
    }

    /** Forwards the records of each chunk it receives. */
    static final class FlattenProcessor<K, V> implements Processor<byte[], byte[], K, V> {
        private final Map<String, ?> configs;
        private final Deserializer<K> keyDeserializer;
        private final Deserializer<V> valueDeserializer;
        private ProcessorContext<K, V> context;
        private ChunkReader reader;

        FlattenProcessor(Map<String, ?> configs, Deserializer<K> keyDeserializer, Deserializer<V> valueDeserializer) {
            this.configs = configs;
            this.keyDeserializer = keyDeserializer;
            this.valueDeserializer = valueDeserializer;
        }

        @Override
        public void init(ProcessorContext<K, V> context) {
            this.context = context;
            this.reader = ChunkReader.fromConfig(new TokenpressSerdeConfig(configs));
        }

        @Override
        public void process(Record<byte[], byte[]> chunk) {
            String topic = context.recordMetadata().map(RecordMetadata::topic).orElse("");
            List<ChunkRecord> records;
            try {
                records = reader.flatten(chunk.key(), chunk.value(), chunk.timestamp(), chunk.headers()).records();
            } catch (TokenpressException e) {
                String where = context.recordMetadata()
                        .map(m -> m.topic() + "-" + m.partition() + " at offset " + m.offset())
                        .orElse("unknown position");
                throw new SerializationException("cannot read the chunk of " + where + ": " + e.getMessage(), e);
            }
            for (ChunkRecord r : records) {
                byte[] k = r.key();
                byte[] v = r.value();
                K key = k == null ? null : keyDeserializer.deserialize(topic, r.headers(), k);
                V value = v == null ? null : valueDeserializer.deserialize(topic, r.headers(), v);
                // Streams rejects negative timestamps: a record without one keeps the chunk's
                long ts = r.timestamp() >= 0 ? r.timestamp() : chunk.timestamp();
                context.forward(new Record<>(key, value, ts, r.headers()));
            }
        }

        @Override
        public void close() {
            if (reader != null) {
                reader.close();
            }
        }
    }
}
