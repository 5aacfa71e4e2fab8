package io.tokenpress.processor.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenpress.codec.Codecs;
import io.tokenpress.processor.app.Pipeline;
import io.tokenpress.processor.broker.EmbeddedKafkaBroker;
import io.tokenpress.processor.chunk.ChunkReader;
import io.tokenpress.processor.config.TokenpressConfig;
import io.tokenpress.processor.kafka.StreamsRunner;
import io.tokenpress.processor.kafka.TopicProvisioner;
import io.tokenpress.processor.kafka.TopicReader;
import io.tokenpress.processor.kafka.TopicSetupException;
import io.tokenpress.serdes.ChunkRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** plain &rarr; processor &rarr; compressed &rarr; replay &rarr; plain against a real in-process broker. */
class PipelineRoundTripIT {
    private static final int RECORDS = 12_000;
    private static final int PARTITIONS = 4;

    @TempDir
    static Path dir;

    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"));
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    private static TokenpressConfig config(String name, Map<String, Object> extra) {
        Map<String, Object> m = new HashMap<>();
        m.put(TokenpressConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        m.put(TokenpressConfig.APPLICATION_ID_CONFIG, name);
        m.put(TokenpressConfig.INPUT_TOPIC_CONFIG, name + "-plain");
        m.put(TokenpressConfig.OUTPUT_TOPIC_CONFIG, name + "-compressed");
        m.put(TokenpressConfig.REPLAY_TOPIC_CONFIG, name + "-replayed");
        m.put(TokenpressConfig.STATE_DIR_CONFIG, dir.resolve("state-" + name).toString());
        m.putAll(extra);
        return new TokenpressConfig(m);
    }

    @Test
    void twelveThousandRecordsComeBackByteIdenticalInOrderPerPartition() throws Exception {
        TokenpressConfig config = config("roundtrip", Map.of(
                TokenpressConfig.CHUNK_MAX_RECORDS_CONFIG, "250",
                TokenpressConfig.CHUNK_MAX_BYTES_CONFIG, "20000",
                TokenpressConfig.CHUNK_LINGER_MS_CONFIG, "200"));
        try (Admin admin = Admin.create(config.clientProperties())) {
            new TopicProvisioner(admin, config.topicMaxMessageBytes()).ensurePartitions(config.inputTopic(), PARTITIONS, "test");
        }
        List<List<ChunkRecord>> expected = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            expected.add(new ArrayList<>());
        }
        long base = System.currentTimeMillis();
        try (KafkaProducer<byte[], byte[]> producer = ItRecords.producer(broker.bootstrapServers())) {
            for (int i = 0; i < RECORDS; i++) {
                ChunkRecord r = ItRecords.record(i, base);
                ItRecords.send(producer, config.inputTopic(), PARTITIONS, i, r);
                expected.get(i % PARTITIONS).add(r);
            }
        }
        List<ConsumerRecord<byte[], byte[]>> replayed;
        try (StreamsRunner processor = Pipeline.startProcessor(config);
                StreamsRunner replay = Pipeline.startReplay(config);
                TopicReader reader = new TopicReader(config.clientProperties(), config.replayTopic())) {
            reader.readAtLeast(RECORDS, Duration.ofMinutes(3), n -> {});
            replayed = reader.readToEnd(Duration.ofSeconds(10));
            assertThat(processor.failure()).isNull();
            assertThat(replay.failure()).isNull();
        }
        ItRecords.assertExactlyOnceInOrder(expected, replayed);

        // every chunk sits in the partition its records came from
        try (TopicReader chunks = new TopicReader(config.clientProperties(), config.outputTopic())) {
            ChunkReader unpack = new ChunkReader(Codecs.decoder(), 1 << 26);
            assertThat(chunks.partitionCount()).isEqualTo(PARTITIONS);
            long records = 0;
            for (ConsumerRecord<byte[], byte[]> c : chunks.readToEnd(Duration.ofSeconds(30))) {
                for (ChunkRecord r : unpack.read(c.value()).records()) {
                    assertThat(r.sourceOffset()).isGreaterThanOrEqualTo(0);
                    records++;
                }
                assertThat(c.value().length).isLessThan(20_000 + 4096);
            }
            assertThat(records).isEqualTo(RECORDS);
        }
    }

    @Test
    void refusesACompressedTopicWithAnotherPartitionCount() {
        TokenpressConfig config = config("mismatch", Map.of());
        try (Admin admin = Admin.create(config.clientProperties())) {
            TopicProvisioner topics = new TopicProvisioner(admin, config.topicMaxMessageBytes());
            topics.ensurePartitions(config.inputTopic(), 3, "test");
            topics.ensurePartitions(config.outputTopic(), 2, "test");
        }
        assertThatThrownBy(() -> Pipeline.startProcessor(config))
                .isInstanceOf(TopicSetupException.class)
                .hasMessageContaining("has 2 partitions but needs 3");
    }

    @Test
    void refusesAMissingInputTopic() {
        TokenpressConfig config = config("missing", Map.of());
        assertThatThrownBy(() -> Pipeline.startProcessor(config))
                .isInstanceOf(TopicSetupException.class)
                .hasMessageContaining("'missing-plain' does not exist");
    }
}
