package io.tokenpress.processor.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tokenpress.codec.model.ArchConfig;
import io.tokenpress.codec.model.FloatReference;
import io.tokenpress.codec.model.FloatWeights;
import io.tokenpress.codec.model.IntegerBits;
import io.tokenpress.codec.model.ModelArtifact;
import io.tokenpress.codec.model.ModelExporter;
import io.tokenpress.codec.model.RandomWeights;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Float weights recovered from an artifact compute (nearly) what the integers compute. */
class ArtifactDequantizerTest {
    private static final byte[] TEXT = ("{\"user\":\"alice\",\"action\":\"login\",\"ok\":true}\n"
            + "{\"user\":\"bob\",\"action\":\"logout\",\"ok\":false}\n").repeat(4).getBytes(StandardCharsets.US_ASCII);

    private static void assertRoundTrip(FloatWeights original, List<byte[]> chunks) {
        ModelArtifact a = ModelArtifact.load(ModelExporter.export(original, "t", null, Map.of("createdAt", "1"), chunks));
        FloatWeights back = ArtifactDequantizer.dequantize(a);
        assertThat(back.tensors().keySet()).containsExactlyInAnyOrderElementsOf(original.tensors().keySet());
        double intBits = IntegerBits.bitsPerByte(a, chunks);
        double floatBack = new FloatReference(back).bitsPerByte(chunks);
        assertThat(floatBack).isCloseTo(intBits, within(0.05 * intBits));
        ModelArtifact again = ModelArtifact.load(ModelExporter.export(back, "t", a.id(), Map.of("createdAt", "1"), chunks));
        assertThat(IntegerBits.bitsPerByte(again, chunks)).isCloseTo(intBits, within(0.05 * intBits));
    }

    @Test
    void aUnigramModelSurvivesDequantization() {
        String alphabet = "acgt";
        assertRoundTrip(TestModels.unigram(TestModels.PLAIN, alphabet, 2f), List.of(TestModels.text(alphabet, 500, 1)));
    }

    @Test
    void aRandomModelWithLatentAndCompressorSurvivesDequantization() {
        assertRoundTrip(RandomWeights.create(ArchConfig.tiny(), 5), List.of(TEXT));
    }
}
