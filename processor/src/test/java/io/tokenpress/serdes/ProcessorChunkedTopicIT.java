package io.tokenpress.serdes;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenpress.processor.app.Pipeline;
import io.tokenpress.processor.broker.EmbeddedKafkaBroker;
import io.tokenpress.processor.config.TokenpressConfig;
import io.tokenpress.processor.kafka.StreamsRunner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A topic chunked by the real tokenpress processor, read through the serdes module's {@link FlatteningConsumer}
 * and {@link ChunkedStreams}: consumers see the original records (key, value, timestamp, headers) in order per
 * partition.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProcessorChunkedTopicIT {
    private static final int PARTITIONS = 2;
    private static final int RECORDS = 600;
    private static final String PLAIN = "events";
    private static final String CHUNKED = "events.tp";

    @TempDir
    static Path dir;

    private EmbeddedKafkaBroker broker;
    private final List<List<ProducerRecord<String, String>>> sent = new ArrayList<>();

    @BeforeAll
    void chunkATopicWithTheProcessor() throws Exception {
        broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"));
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(PLAIN, PARTITIONS, (short) 1),
                    new NewTopic("events.restored", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        for (int p = 0; p < PARTITIONS; p++) {
            sent.add(new ArrayList<>());
        }
        long base = System.currentTimeMillis() - 60_000;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < RECORDS; i++) {
                RecordHeaders headers = new RecordHeaders();
                headers.add("seq", Integer.toString(i).getBytes(StandardCharsets.UTF_8));
                String value = i % 50 == 7 ? null : "{\"seq\":" + i + ",\"event\":\"page_view\",\"path\":\"/items/" + (i % 13) + "\"}";
                ProducerRecord<String, String> r =
                        new ProducerRecord<>(PLAIN, i % PARTITIONS, base + i, i % 9 == 0 ? null : "user-" + (i % 17), value, headers);
                producer.send(r);
                sent.get(i % PARTITIONS).add(r);
            }
        }
        TokenpressConfig config = new TokenpressConfig(Map.of(
                TokenpressConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                TokenpressConfig.APPLICATION_ID_CONFIG, "serdes-it",
                TokenpressConfig.INPUT_TOPIC_CONFIG, PLAIN,
                TokenpressConfig.OUTPUT_TOPIC_CONFIG, CHUNKED,
                TokenpressConfig.STATE_DIR_CONFIG, dir.resolve("state").toString(),
                TokenpressConfig.CHUNK_MAX_RECORDS_CONFIG, 40,
                TokenpressConfig.CHUNK_LINGER_MS_CONFIG, 200));
        try (StreamsRunner processor = Pipeline.startProcessor(config)) {
            // chunks appear as the processor commits; read them all through the flattening consumer
            readThroughFlatteningConsumer();
        }
    }

    @AfterAll
    void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    private final Map<Integer, List<ConsumerRecord<String, String>>> flattened = new HashMap<>();
    private int chunksSeen;

    private void readThroughFlatteningConsumer() {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "flatten");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"); // the processor writes transactionally
        try (FlatteningConsumer<String, String> consumer =
                FlatteningConsumer.create(c, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(CHUNKED));
            long deadline = System.currentTimeMillis() + 120_000;
            int n = 0;
            java.util.Set<String> chunks = new java.util.HashSet<>();
            while (n < RECORDS && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    flattened.computeIfAbsent(r.partition(), k -> new ArrayList<>()).add(r);
                    chunks.add(r.partition() + "@" + r.offset());
                    n++;
                }
            }
            chunksSeen = chunks.size();
        }
    }

    @Test
    void flatteningConsumerSeesTheOriginalRecords() {
        assertThat(chunksSeen).as("records arrived in chunks").isBetween(RECORDS / 40, RECORDS / 2);
        for (int p = 0; p < PARTITIONS; p++) {
            List<ConsumerRecord<String, String>> got = flattened.get(p);
            List<ProducerRecord<String, String>> expected = sent.get(p);
            assertThat(got).as("partition %d", p).hasSameSizeAs(expected);
            for (int i = 0; i < expected.size(); i++) {
                assertSame(got.get(i).key(), got.get(i).value(), got.get(i).timestamp(), got.get(i).headers().toArray(),
                        expected.get(i));
            }
        }
    }

    @Test
    void streamsHelperSeesTheOriginalRecords() throws Exception {
        StreamsBuilder builder = new StreamsBuilder();
        ChunkedStreams.stream(builder, CHUNKED, Serdes.String(), Serdes.String(), Map.of())
                .to("events.restored", Produced.with(Serdes.String(), Serdes.String(), (t, k, v, n) -> Optional.empty()));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "serdes-it-flatten");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("flatten-state").toString());
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.ISOLATION_LEVEL_CONFIG), "read_committed");
        List<ConsumerRecord<String, String>> restored = new ArrayList<>();
        try (KafkaStreams streams = new KafkaStreams(builder.build(), props)) {
            streams.start();
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, "restored",
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of("events.restored"));
                long deadline = System.currentTimeMillis() + 90_000;
                while (restored.size() < RECORDS && System.currentTimeMillis() < deadline) {
                    consumer.poll(Duration.ofMillis(200)).forEach(restored::add);
                }
            }
            streams.close(Duration.ofSeconds(30));
        }
        assertThat(restored).hasSize(RECORDS);
        // one output partition: the records of each source partition keep their order
        for (int p = 0; p < PARTITIONS; p++) {
            List<ProducerRecord<String, String>> expected = sent.get(p);
            int source = p;
            List<ConsumerRecord<String, String>> got = restored.stream()
                    .filter(r -> Integer.parseInt(new String(r.headers().lastHeader("seq").value(), StandardCharsets.UTF_8))
                            % PARTITIONS == source)
                    .toList();
            assertThat(got).hasSameSizeAs(expected);
            for (int i = 0; i < expected.size(); i++) {
                assertSame(got.get(i).key(), got.get(i).value(), got.get(i).timestamp(), got.get(i).headers().toArray(),
                        expected.get(i));
            }
        }
    }

    private static void assertSame(String key, String value, long timestamp, Header[] headers,
            ProducerRecord<String, String> expected) {
        assertThat(key).isEqualTo(expected.key());
        assertThat(value).isEqualTo(expected.value());
        assertThat(timestamp).isEqualTo(expected.timestamp());
        assertThat(headers).containsExactly(expected.headers().toArray());
    }
}
