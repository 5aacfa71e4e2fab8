package io.tokenpress.serdes.it;

import static io.tokenpress.serdes.TestChunks.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenpress.codec.container.EnvelopeFormat;
import io.tokenpress.codec.model.ArchConfig;
import io.tokenpress.codec.model.ModelArtifact;
import io.tokenpress.codec.model.ModelExporter;
import io.tokenpress.codec.model.RandomWeights;
import io.tokenpress.codec.neural.NeuralBlocks;
import io.tokenpress.serdes.ChunkRecord;
import io.tokenpress.serdes.TokenpressDeserializer;
import io.tokenpress.serdes.TokenpressSerdeConfig;
import io.tokenpress.serdes.TokenpressSerializer;
import io.tokenpress.serdes.models.KafkaModelStore;
import io.tokenpress.serdes.ChunkedStreams;
import io.tokenpress.serdes.FlatteningConsumer;
import io.tokenpress.serdes.TestChunks;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A chunked topic (chunks in the processor's format, written here with the codec directly; the processor
 * module's {@code ProcessorChunkedTopicIT} runs the same path on chunks the real processor wrote) read through
 * {@link FlatteningConsumer} and {@link ChunkedStreams}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChunkedTopicIT {
    private static final int PARTITIONS = 2;
    private KafkaBroker kafka;

    @BeforeAll
    void start() throws Exception {
        kafka = KafkaBroker.start();
        kafka.createTopics(PARTITIONS, "orders.tp", "resume.tp", "orders.restored");
        kafka.createTopics(1, "broken.tp");
    }

    @AfterAll
    void stop() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
    }

    /** Writes chunks of 1..5 records to each partition; returns the original records per partition. */
    private Map<Integer, List<ChunkRecord>> writeChunks(String topic, int chunksPerPartition, long firstOffset)
            throws Exception {
        Map<Integer, List<ChunkRecord>> originals = new HashMap<>();
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (int p = 0; p < PARTITIONS; p++) {
                long offset = firstOffset + p * 100_000L; // source offsets (and traces) unique across partitions
                List<ChunkRecord> all = new ArrayList<>();
                for (int c = 0; c < chunksPerPartition; c++) {
                    List<ChunkRecord> chunk = new ArrayList<>();
                    for (int i = 0; i <= c % 5; i++, offset++) {
                        String value = offset % 9 == 4 ? null : "{\"p\":" + p + ",\"n\":" + offset + ",\"s\":\"ok\"}";
                        chunk.add(record("key-" + (offset % 3), value, 1_700_000_000_000L + offset, offset));
                    }
                    producer.send(new ProducerRecord<>(topic, p, System.currentTimeMillis(), null, TestChunks.chunk(chunk)))
                            .get();
                    all.addAll(chunk);
                }
                originals.put(p, all);
            }
        }
        return originals;
    }

    @Test
    void flatteningConsumerReturnsTheOriginalRecordsAndCommitsPerChunk() throws Exception {
        Map<Integer, List<ChunkRecord>> originals = writeChunks("orders.tp", 8, 0);
        int total = originals.values().stream().mapToInt(List::size).sum();
        Map<String, Object> config = consumerConfig("flatten");
        Map<Integer, List<ConsumerRecord<String, String>>> read = new HashMap<>();
        try (FlatteningConsumer<String, String> consumer =
                FlatteningConsumer.create(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("orders.tp"));
            pollInto(consumer, read, total);
            consumer.commitSync();
        }
        for (int p = 0; p < PARTITIONS; p++) {
            List<ChunkRecord> expected = originals.get(p);
            List<ConsumerRecord<String, String>> got = read.get(p);
            assertThat(got).hasSize(expected.size());
            for (int i = 0; i < expected.size(); i++) {
                assertSameRecord(got.get(i), expected.get(i));
            }
            // all records of a chunk carry its offset; chunk offsets grow one by one
            assertThat(got.stream().map(ConsumerRecord::offset).distinct()).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L);
        }

        // a new consumer of the group resumes after the committed chunks
        Map<Integer, List<ChunkRecord>> more = writeChunks("orders.tp", 2, 1000);
        Map<Integer, List<ConsumerRecord<String, String>>> next = new HashMap<>();
        try (FlatteningConsumer<String, String> consumer =
                FlatteningConsumer.create(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("orders.tp"));
            pollInto(consumer, next, more.values().stream().mapToInt(List::size).sum());
        }
        for (int p = 0; p < PARTITIONS; p++) {
            assertThat(next.get(p)).extracting(ConsumerRecord::value)
                    .containsExactlyElementsOf(more.get(p).stream().map(ChunkedTopicIT::value).toList());
        }
    }

    @Test
    void anUnreadableChunkStopsItsPartitionUntilSkipped() throws Exception {
        TopicPartition tp = new TopicPartition("broken.tp", 0);
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            producer.send(new ProducerRecord<>("broken.tp", 0, null, TestChunks.chunk(List.of(record("a", "one", 1, 0))))).get();
            producer.send(new ProducerRecord<>("broken.tp", 0, null, "garbage".getBytes(StandardCharsets.UTF_8))).get();
            producer.send(new ProducerRecord<>("broken.tp", 0, null, TestChunks.chunk(List.of(record("b", "two", 2, 1))))).get();
        }
        try (FlatteningConsumer<String, String> consumer =
                FlatteningConsumer.create(consumerConfig("broken"), new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            List<String> values = new ArrayList<>();
            RecordDeserializationException failure = null;
            long deadline = System.currentTimeMillis() + 30_000;
            while (failure == null && System.currentTimeMillis() < deadline) {
                try {
                    consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
                } catch (RecordDeserializationException e) {
                    failure = e;
                }
            }
            assertThat(values).as("records before the bad chunk are delivered").containsExactly("one");
            assertThat(failure).isNotNull();
            assertThat(failure.offset()).isEqualTo(1);
            assertThat(failure.getMessage()).contains("offset 1 of broken.tp-0").contains("not a tokenpress envelope");
            assertThat(consumer.position(tp)).as("nothing skipped").isEqualTo(1);
            assertThatThrownBy(() -> consumer.poll(Duration.ofSeconds(5)))
                    .as("it fails again until the application skips it")
                    .isInstanceOf(RecordDeserializationException.class);

            consumer.seek(tp, failure.offset() + 1);
            deadline = System.currentTimeMillis() + 30_000;
            while (values.size() < 2 && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
            }
            assertThat(values).containsExactly("one", "two");
        }
    }

    @Test
    void streamsHelperTurnsChunksIntoTheOriginalRecords() throws Exception {
        Map<Integer, List<ChunkRecord>> originals = writeChunks("resume.tp", 6, 0);
        int total = originals.values().stream().mapToInt(List::size).sum();
        StreamsBuilder builder = new StreamsBuilder();
        ChunkedStreams.stream(builder, "resume.tp", Serdes.String(), Serdes.String(), Map.of())
                .to("orders.restored", Produced.with(Serdes.String(), Serdes.String(),
                        (topic, key, value, n) -> java.util.Optional.empty()));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "chunked-streams-it");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("streams").toString());
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        List<ConsumerRecord<String, String>> restored = new ArrayList<>();
        try (KafkaStreams streams = new KafkaStreams(builder.build(), props)) {
            streams.start();
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig("restored"),
                    new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of("orders.restored"));
                long deadline = System.currentTimeMillis() + 90_000;
                while (restored.size() < total && System.currentTimeMillis() < deadline) {
                    consumer.poll(Duration.ofMillis(200)).forEach(restored::add);
                }
            }
            streams.close(Duration.ofSeconds(30));
        }
        assertThat(restored).hasSize(total);
        // the sink keeps the partitioner's choice (the partition of the key): compare per source partition,
        // recognised by the "trace" header, in order
        for (int p = 0; p < PARTITIONS; p++) {
            List<ChunkRecord> expected = originals.get(p);
            List<String> traces = expected.stream().map(ChunkedTopicIT::trace).toList();
            Map<String, ConsumerRecord<String, String>> byTrace = new HashMap<>();
            restored.forEach(r -> byTrace.put(new String(r.headers().lastHeader("trace").value(), StandardCharsets.UTF_8), r));
            for (int i = 0; i < expected.size(); i++) {
                assertSameRecord(byTrace.get(traces.get(i)), expected.get(i));
            }
        }
    }

    @Test
    void readersFetchTheModelAnEnvelopeNamesFromTheModelTopic() throws Exception {
        byte[] artifact = ModelExporter.export(RandomWeights.create(ArchConfig.tiny(), 5), "topic-model", null,
                Map.of("createdAt", "0"), List.of());
        ModelArtifact model;
        try (KafkaModelStore store = new KafkaModelStore(Map.of("bootstrap.servers", kafka.bootstrapServers()), "models")) {
            store.ensureTopic();
            store.publish(artifact);
            model = ModelArtifact.load(artifact);
        }
        Map<String, Object> configs = Map.of(
                "bootstrap.servers", kafka.bootstrapServers(),
                TokenpressSerdeConfig.MODEL_STORE_TOPIC_CONFIG, "models",
                TokenpressSerdeConfig.MODEL_STORE_DIR_CONFIG, Files.createTempDirectory("no-models").toString());
        byte[] value = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        byte[] wire = new EnvelopeFormat().encode(EnvelopeFormat.toEnvelope(NeuralBlocks.neural(model, value), List.of()));
        try (TokenpressDeserializer<byte[]> reader = new TokenpressDeserializer<>(new ByteArrayDeserializer(), configs)) {
            assertThat(reader.deserialize("t", wire)).isEqualTo(value);
        }
        Map<String, Object> writerConfigs = new HashMap<>(configs);
        writerConfigs.put(TokenpressSerdeConfig.CODEC_CONFIG, "neural");
        writerConfigs.put(TokenpressSerdeConfig.MODEL_CONFIG, "topic-model");
        try (TokenpressSerializer<byte[]> writer = new TokenpressSerializer<>(new ByteArraySerializer(), writerConfigs);
                TokenpressDeserializer<byte[]> reader = new TokenpressDeserializer<>(new ByteArrayDeserializer(), configs)) {
            assertThat(reader.deserialize("t", writer.serialize("t", value))).isEqualTo(value);
        }
    }

    private static String trace(ChunkRecord r) {
        return new String(r.headers().lastHeader("trace").value(), StandardCharsets.UTF_8);
    }

    private static String value(ChunkRecord r) {
        byte[] v = r.value();
        return v == null ? null : new String(v, StandardCharsets.UTF_8);
    }

    private static void assertSameRecord(ConsumerRecord<String, String> got, ChunkRecord expected) {
        assertThat(got).as("restored record for %s", expected).isNotNull();
        assertThat(got.key()).isEqualTo(new String(expected.key(), StandardCharsets.UTF_8));
        assertThat(got.value()).isEqualTo(value(expected));
        assertThat(got.timestamp()).isEqualTo(expected.timestamp());
        List<Header> headers = List.of(got.headers().toArray());
        assertThat(headers).containsExactly(expected.headers().toArray());
    }

    private static void pollInto(FlatteningConsumer<String, String> consumer,
            Map<Integer, List<ConsumerRecord<String, String>>> into, int total) {
        long deadline = System.currentTimeMillis() + 60_000;
        int n = 0;
        while (n < total && System.currentTimeMillis() < deadline) {
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                into.computeIfAbsent(r.partition(), k -> new ArrayList<>()).add(r);
                n++;
            }
        }
        assertThat(n).isEqualTo(total);
    }

    private KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    private Map<String, Object> consumerConfig(String group) {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return c;
    }
}
