package io.tokenpress.codec.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenpress.codec.neural.TestModels;
import io.tokenpress.schema.ModelManifest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelExporterTest {

    @Test
    void exportedArtifactLoadsWithManifestAndMetrics() {
        FloatWeights w = RandomWeights.create(ArchConfig.tiny(), 3);
        byte[] bytes = ModelExporter.export(w, "tiny", "ab12", Map.of("steps", "10", "createdAt", "5"),
                List.of(TestModels.SAMPLE));
        ModelArtifact a = ModelArtifact.load(bytes);
        ModelManifest m = a.manifest();
        assertThat(a.id()).isEqualTo(io.tokenpress.codec.ModelIds.toHex(ModelArtifact.sha256(bytes, 0, bytes.length)));
        assertThat(m.getModelId().toString()).isEqualTo(a.id());
        assertThat(m.getName().toString()).isEqualTo("tiny");
        assertThat(m.getParentId().toString()).isEqualTo("ab12");
        assertThat(m.getCreatedAt()).isEqualTo(5);
        assertThat(m.getTrainingData().toString()).contains("steps=10");
        assertThat(a.config()).isEqualTo(ArchConfig.tiny());
        assertThat(a.hasCompressor()).isTrue();
        assertThat(a.compressorWeights().get("cmp.dec.out").data()).isEqualTo(w.get("cmp.dec.out").data());
        double fl = metric(m, "floatBitsPerByte");
        double in = metric(m, "intBitsPerByte");
        System.out.printf("tiny random model: float %.4f, int %.4f bits/byte%n", fl, in);
        assertThat(in).isCloseTo(fl, org.assertj.core.data.Offset.offset(0.05 * fl + 0.05));
    }

    @Test
    void sameInputsGiveTheSameArtifact() {
        FloatWeights w = RandomWeights.create(TestModels.NO_LATENT, 9);
        Map<String, String> p = Map.of("createdAt", "1");
        byte[] a = ModelExporter.export(w, "x", null, p, List.of("hello hello hello".getBytes(StandardCharsets.US_ASCII)));
        byte[] b = ModelExporter.export(w, "x", null, p, List.of("hello hello hello".getBytes(StandardCharsets.US_ASCII)));
        assertThat(a).isEqualTo(b);
    }

    @Test
    void missingTensorIsNamed() {
        FloatWeights w = RandomWeights.create(TestModels.NO_LATENT, 9);
        Map<String, FloatWeights.Tensor> t = new java.util.LinkedHashMap<>(w.tensors());
        t.remove("dec.0.ffn.in");
        assertThatThrownBy(() -> ModelExporter.export(new FloatWeights(w.config(), t), "x", null, Map.of(), List.of()))
                .hasMessageContaining("dec.0.ffn.in");
    }

    static double metric(ModelManifest m, String key) {
        for (Map.Entry<String, Double> e : m.getMetrics().entrySet()) {
            if (e.getKey().toString().equals(key)) {
                return e.getValue();
            }
        }
        throw new AssertionError("no metric " + key);
    }
}
