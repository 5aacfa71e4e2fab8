package io.tokenpress.serdes.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenpress.codec.ModelNotFoundException;
import io.tokenpress.codec.model.ArchConfig;
import io.tokenpress.codec.model.ModelArtifact;
import io.tokenpress.codec.model.ModelExporter;
import io.tokenpress.codec.model.RandomWeights;
import io.tokenpress.serdes.it.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The compacted model topic against a real broker: publish, fetch by id prefix, pointer, hash check. */
class KafkaModelStoreIT {
    private static final ArchConfig CFG = new ArchConfig(16, 2, 32, 0, 1, 16, 8, 16, 0, 0, 0);
    private static KafkaBroker kafka;

    @BeforeAll
    static void start() throws Exception {
        kafka = KafkaBroker.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
    }

    private static Map<String, Object> props() {
        return Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    }

    private static byte[] model(long seed) {
        return ModelExporter.export(RandomWeights.create(CFG, seed), "m" + seed, null, Map.of("createdAt", "1"),
                List.of("some calibration text".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void aPublishedModelIsFetchedByAnotherClientAndVerified() {
        byte[] a = model(1);
        String id;
        try (KafkaModelStore writer = new KafkaModelStore(props(), "models-a")) {
            id = writer.publish(a);
            writer.publishWeights(id, new byte[] {1, 2, 3});
            writer.promote(id);
        }
        try (KafkaModelStore reader = new KafkaModelStore(props(), "models-a")) {
            ModelArtifact m = reader.find(Arrays.copyOf(ModelArtifact.load(a).sha256(), 8)).orElseThrow();
            assertThat(m.id()).isEqualTo(id);
            assertThat(reader.activeId()).contains(id);
            assertThat(reader.weights(id)).hasValueSatisfying(w -> assertThat(w).containsExactly(1, 2, 3));
            assertThat(reader.list()).extracting(ModelArtifact::id).containsExactly(id);
            assertThat(reader.find(new byte[] {0, 1, 2, 3, 4, 5, 6, 7})).isEmpty();
        }
    }

    @Test
    void promotingAnUnknownModelIsRefused() {
        try (KafkaModelStore store = new KafkaModelStore(props(), "models-b")) {
            store.ensureTopic();
            assertThatThrownBy(() -> store.promote("ab".repeat(32)))
                    .isInstanceOf(ModelNotFoundException.class)
                    .hasMessageContaining("abab")
                    .hasMessageContaining("Kafka topic 'models-b'");
        }
    }

    @Test
    void bytesThatDoNotHashToTheirKeyAreANamedError() throws Exception {
        byte[] good = model(2);
        String claimed = ModelArtifact.load(model(3)).id();
        try (KafkaModelStore store = new KafkaModelStore(props(), "models-c")) {
            store.ensureTopic();
        }
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(props(), new StringSerializer(), new ByteArraySerializer())) {
            p.send(new ProducerRecord<>("models-c", KafkaModelStore.MODEL_KEY_PREFIX + claimed, good)).get();
        }
        try (KafkaModelStore store = new KafkaModelStore(props(), "models-c")) {
            assertThatThrownBy(() -> store.find(Arrays.copyOf(io.tokenpress.codec.ModelIds.fromHex(claimed), 8)))
                    .isInstanceOf(ModelNotFoundException.class)
                    .hasMessageContaining(claimed)
                    .hasMessageContaining("hash to " + ModelArtifact.load(good).id());
        }
    }
}
