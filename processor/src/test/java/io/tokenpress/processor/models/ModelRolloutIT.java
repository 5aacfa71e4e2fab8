package io.tokenpress.processor.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenpress.codec.ChunkDecoder;
import io.tokenpress.codec.CodedBlock;
import io.tokenpress.codec.ModelIds;
import io.tokenpress.codec.ModelNotFoundException;
import io.tokenpress.codec.container.EnvelopeFormat;
import io.tokenpress.codec.model.ModelArtifact;
import io.tokenpress.codec.neural.NeuralCodecs;
import io.tokenpress.codec.neural.NeuralOptions;
import io.tokenpress.processor.app.Pipeline;
import io.tokenpress.processor.broker.EmbeddedKafkaBroker;
import io.tokenpress.processor.config.TokenpressConfig;
import io.tokenpress.processor.feedback.FeedbackEvents;
import io.tokenpress.processor.kafka.StreamsRunner;
import io.tokenpress.processor.kafka.TopicProvisioner;
import io.tokenpress.processor.kafka.TopicReader;
import io.tokenpress.schema.CodecKind;
import io.tokenpress.schema.FeedbackEvent;
import io.tokenpress.serdes.models.KafkaModelStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Model rollout against a real in-process broker: models published to the compacted model topic only,
 * promoted twice while records stream through the processor; every record comes back, the compressed
 * topic holds chunks of three model versions, and a fresh replay with an empty local model directory
 * fetches all three from the topic and restores everything.
 */
class ModelRolloutIT {
    private static final String ALPHABET = "acgt";
    private static final int PARTITIONS = 2;
    private static final int PER_PHASE = 240;

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

    private static TokenpressConfig config(String name, String modelsDir, Map<String, Object> extra) {
        Map<String, Object> m = new HashMap<>();
        m.put(TokenpressConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        m.put(TokenpressConfig.APPLICATION_ID_CONFIG, name);
        m.put(TokenpressConfig.INPUT_TOPIC_CONFIG, "rollout-plain");
        m.put(TokenpressConfig.OUTPUT_TOPIC_CONFIG, "rollout-compressed");
        m.put(TokenpressConfig.REPLAY_TOPIC_CONFIG, name + "-replayed");
        m.put(TokenpressConfig.STATE_DIR_CONFIG, dir.resolve("state-" + name).toString());
        m.put(TokenpressConfig.MODELS_DIR_CONFIG, dir.resolve(modelsDir).toString());
        m.put(TokenpressConfig.MODELS_TOPIC_CONFIG, "rollout-models");
        m.put(TokenpressConfig.MODELS_REFRESH_MS_CONFIG, "100");
        m.put(TokenpressConfig.CODEC_CONFIG, "neural");
        m.put(TokenpressConfig.CHUNK_MAX_RECORDS_CONFIG, "20");
        m.put(TokenpressConfig.CHUNK_LINGER_MS_CONFIG, "200");
        m.putAll(extra);
        return new TokenpressConfig(m);
    }

    private static Map<String, Object> clientProps() {
        return Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    }

    @Test
    void promotionsUnderLoadLoseNothingAndThreeModelVersionsReplayLosslessly() throws Exception {
        List<String> ids = new ArrayList<>();
        try (KafkaModelStore models = new KafkaModelStore(clientProps(), "rollout-models")) {
            for (float strength : new float[] {2f, 2.5f, 3f}) {
                ids.add(models.publish(TestModels.export(TestModels.unigram(TestModels.PLAIN, ALPHABET, strength), "dna",
                        ids.isEmpty() ? null : ids.get(ids.size() - 1), ALPHABET)));
            }
            models.promote(ids.get(0));
        }
        TokenpressConfig processorConfig = config("rollout", "models-processor", Map.of(
                TokenpressConfig.FEEDBACK_TOPIC_CONFIG, "rollout-feedback",
                TokenpressConfig.FEEDBACK_VERIFY_RATE_CONFIG, "0.5",
                TokenpressConfig.FEEDBACK_SAMPLE_RATE_CONFIG, "0.25"));
        try (Admin admin = Admin.create(processorConfig.clientProperties())) {
            new TopicProvisioner(admin, processorConfig.topicMaxMessageBytes()).ensurePartitions("rollout-plain", PARTITIONS, "test");
        }
        List<List<byte[]>> expected = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            expected.add(new ArrayList<>());
        }
        int total = 3 * PER_PHASE;
        try (StreamsRunner processor = Pipeline.startProcessor(processorConfig);
                KafkaProducer<byte[], byte[]> producer = producer();
                KafkaModelStore models = new KafkaModelStore(clientProps(), "rollout-models");
                TopicReader compressed = new TopicReader(processorConfig.clientProperties(), "rollout-compressed")) {
            for (int i = 0; i < total; i++) {
                if (i == PER_PHASE || i == 2 * PER_PHASE) {
                    producer.flush();
                    // most of this phase is compressed (the rest sits in the buffers): promote while records keep coming
                    awaitCompressed(compressed, processor, i - PARTITIONS * 20);
                    models.promote(ids.get(i / PER_PHASE));
                }
                byte[] v = TestModels.text(ALPHABET, 60 + i % 50, i);
                expected.get(i % PARTITIONS).add(v);
                producer.send(new ProducerRecord<>("rollout-plain", i % PARTITIONS, null, v));
                if (i % 20 == 0) {
                    Thread.sleep(20); // a steady stream
                }
            }
            producer.flush();
            awaitCompressed(compressed, processor, total);
        }

        // the compressed topic names all three models
        Set<String> used = new LinkedHashSet<>();
        long chunks = 0;
        try (TopicReader compressed = new TopicReader(processorConfig.clientProperties(), "rollout-compressed")) {
            EnvelopeFormat format = new EnvelopeFormat();
            for (ConsumerRecord<byte[], byte[]> r : compressed.readToEnd(Duration.ofSeconds(30))) {
                CodedBlock b = format.toBlock(format.decode(r.value()));
                chunks++;
                if (b.codec() == CodecKind.NEURAL) {
                    used.add(ModelIds.toHex(b.modelId()));
                }
            }
        }
        assertThat(used).containsExactlyInAnyOrderElementsOf(ids.stream().map(id -> id.substring(0, 16)).toList());

        // one feedback event per chunk, each naming the full id of the model that wrote it
        List<FeedbackEvent> events = new ArrayList<>();
        try (TopicReader feedback = new TopicReader(processorConfig.clientProperties(), "rollout-feedback")) {
            for (ConsumerRecord<byte[], byte[]> r : feedback.readToEnd(Duration.ofSeconds(30))) {
                events.add(FeedbackEvents.decode(r.value()));
            }
        }
        assertThat(events).hasSize((int) chunks);
        assertThat(events.stream().filter(e -> e.getCodec() == CodecKind.NEURAL).map(FeedbackEvent::getModelId).distinct())
                .containsExactlyInAnyOrderElementsOf(ids);
        assertThat(events).anySatisfy(e -> assertThat(e.getSample()).isNotNull());
        assertThat(events).noneSatisfy(e -> assertThat(e.getVerified().name()).isEqualTo("MISMATCH"));

        // a fresh replay with an empty local model directory: every model comes from the topic
        TokenpressConfig replayConfig = config("rollout-fresh", "models-empty", Map.of());
        List<ConsumerRecord<byte[], byte[]>> back;
        try (StreamsRunner replay = Pipeline.startReplay(replayConfig);
                TopicReader reader = new TopicReader(replayConfig.clientProperties(), replayConfig.replayTopic())) {
            reader.readAtLeast(total, Duration.ofMinutes(3), n -> {});
            back = reader.readToEnd(Duration.ofSeconds(5));
            assertThat(replay.failure()).isNull();
        }
        List<List<byte[]>> got = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            got.add(new ArrayList<>());
        }
        back.forEach(r -> got.get(r.partition()).add(r.value()));
        for (int p = 0; p < PARTITIONS; p++) {
            assertThat(got.get(p)).hasSameSizeAs(expected.get(p));
            for (int i = 0; i < expected.get(p).size(); i++) {
                assertThat(Arrays.equals(got.get(p).get(i), expected.get(p).get(i))).as("partition %d record %d", p, i).isTrue();
            }
        }
    }

    @Test
    void aChunkOfAnUnknownModelFailsNamingTheModelAndEveryStoreTried() {
        ModelArtifact unpublished = ModelArtifact.load(TestModels.export(
                TestModels.unigram(TestModels.PLAIN, ALPHABET, 4f), "secret", null, ALPHABET));
        CodedBlock block;
        try (var enc = NeuralCodecs.encoder(unpublished, NeuralOptions.defaults())) {
            block = enc.encode(TestModels.text(ALPHABET, 500, 3));
        }
        assertThat(block.codec()).isEqualTo(CodecKind.NEURAL);
        TokenpressConfig config = config("unknown", "models-unknown", Map.of());
        try (ChunkDecoder decoder = io.tokenpress.processor.codec.DecoderSelection.create(config)) {
            assertThatThrownBy(() -> decoder.decode(block))
                    .isInstanceOf(ModelNotFoundException.class)
                    .hasMessageContaining(unpublished.id().substring(0, 16))
                    .hasMessageContaining("directory " + dir.resolve("models-unknown").toAbsolutePath())
                    .hasMessageContaining("bundled models")
                    .hasMessageContaining("Kafka topic 'rollout-models'");
        }
    }

    private static void awaitCompressed(TopicReader compressed, StreamsRunner processor, long records) {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (recordsIn(compressed.readToEnd(Duration.ofSeconds(2))) < records) {
            assertThat(processor.failure()).isNull();
            assertThat(System.nanoTime()).as("waiting for %d compressed records", records).isLessThan(deadline);
        }
    }

    private static long recordsIn(List<ConsumerRecord<byte[], byte[]>> chunks) {
        EnvelopeFormat format = new EnvelopeFormat();
        long n = 0;
        for (ConsumerRecord<byte[], byte[]> c : chunks) {
            n += format.decode(c.value()).getRecords().size();
        }
        return n;
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        Map<String, Object> p = new HashMap<>(clientProps());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }
}
