package io.tokenpress.serdes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenpress.codec.ModelIds;
import io.tokenpress.codec.container.EnvelopeFormat;
import io.tokenpress.codec.model.ArchConfig;
import io.tokenpress.codec.model.ModelArtifact;
import io.tokenpress.codec.model.ModelExporter;
import io.tokenpress.codec.model.RandomWeights;
import io.tokenpress.codec.neural.NeuralBlocks;
import io.tokenpress.codec.store.DirectoryModelStore;
import io.tokenpress.schema.ChunkEnvelope;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** codec=neural with a model from the model store (a tiny model with random weights). */
class NeuralSerdeTest {
    private static final String VALUE = "{\"user\":\"alice\",\"action\":\"login\",\"ok\":true}";

    @TempDir
    static Path store;

    @TempDir
    static Path emptyStore;

    private static ModelArtifact model;

    @BeforeAll
    static void exportModel() {
        byte[] bytes = ModelExporter.export(RandomWeights.create(ArchConfig.tiny(), 3), "serde-test", null,
                Map.of("createdAt", "0"), List.of(VALUE.getBytes(StandardCharsets.UTF_8)));
        model = new DirectoryModelStore(store).put(bytes);
    }

    private static Map<String, Object> neural(String modelRef, Path dir) {
        return Map.of(TokenpressSerdeConfig.CODEC_CONFIG, "neural", TokenpressSerdeConfig.MODEL_CONFIG, modelRef,
                TokenpressSerdeConfig.MODEL_STORE_DIR_CONFIG, dir.toString());
    }

    @Test
    void roundTripsWithAModelNamedByNameOrId() {
        for (String ref : List.of("serde-test", model.id())) {
            TokenpressSerializer<String> s = new TokenpressSerializer<>(new StringSerializer(), neural(ref, store));
            byte[] wire = s.serialize("t", VALUE);
            Map<String, Object> reader = Map.of(TokenpressSerdeConfig.MODEL_STORE_DIR_CONFIG, store.toString());
            assertThat(new TokenpressDeserializer<>(new StringDeserializer(), reader).deserialize("t", wire))
                    .isEqualTo(VALUE);
        }
    }

    @Test
    void readersDecodeNeuralEnvelopesWithTheModelTheyName() {
        byte[] plain = VALUE.getBytes(StandardCharsets.UTF_8);
        byte[] wire = new EnvelopeFormat().encode(EnvelopeFormat.toEnvelope(NeuralBlocks.neural(model, plain), List.of()));
        ChunkEnvelope e = new EnvelopeFormat().decode(wire);
        assertThat(ModelIds.toHex(e.getModelId().array())).isEqualTo(ModelIds.toHex(model.shortId()));

        Map<String, Object> reader = Map.of(TokenpressSerdeConfig.MODEL_STORE_DIR_CONFIG, store.toString());
        assertThat(new TokenpressDeserializer<>(new StringDeserializer(), reader).deserialize("t", wire)).isEqualTo(VALUE);

        Map<String, Object> noModels = Map.of(TokenpressSerdeConfig.MODEL_STORE_DIR_CONFIG, emptyStore.toString());
        assertThatThrownBy(() -> new TokenpressDeserializer<>(new StringDeserializer(), noModels).deserialize("t", wire))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("model " + ModelIds.toHex(model.shortId()) + " not found");
    }

    @Test
    void neuralNeedsAModelTheStoreHolds() {
        assertThatThrownBy(() -> new TokenpressSerializer<>(new StringSerializer(),
                Map.of(TokenpressSerdeConfig.CODEC_CONFIG, "neural")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("codec=neural needs a model");
        assertThatThrownBy(() -> new TokenpressSerializer<>(new StringSerializer(), neural("no-such-model", emptyStore)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("no-such-model")
                .hasMessageContaining(emptyStore.toString());
    }

    @Test
    void aModelTopicNeedsBootstrapServers() {
        assertThatThrownBy(() -> new TokenpressDeserializer<>(new StringDeserializer(),
                Map.of(TokenpressSerdeConfig.MODEL_STORE_TOPIC_CONFIG, "models")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("model.store.topic needs bootstrap.servers");
    }
}
