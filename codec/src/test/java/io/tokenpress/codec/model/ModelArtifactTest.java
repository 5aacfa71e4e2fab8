package io.tokenpress.codec.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenpress.codec.neural.TestModels;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Loading verifies the artifact: every truncation and every tampered byte is a CorruptModelException. */
class ModelArtifactTest {
    private static final byte[] BYTES = ModelExporter.export(RandomWeights.create(TestModels.NO_LATENT, 5), "t", null,
            Map.of("createdAt", "0"), List.of(TestModels.SAMPLE));

    @Test
    void roundTripsThroughWrite() {
        ModelArtifact a = ModelArtifact.load(BYTES);
        byte[] again = ModelArtifact.write(a.manifest(), a.tensors().values());
        ModelArtifact b = ModelArtifact.load(again);
        assertThat(b.tensors().keySet()).containsExactlyElementsOf(a.tensors().keySet());
        for (ArtifactTensor t : a.tensors().values()) {
            assertThat(b.tensor(t.name()).ints()).isEqualTo(t.ints());
            assertThat(b.tensor(t.name()).shape()).isEqualTo(t.shape());
        }
        assertThat(b.manifest().getMetrics()).isEqualTo(a.manifest().getMetrics());
        assertThat(a.shortId()).hasSize(8);
        assertThat(a.id()).startsWith(io.tokenpress.codec.ModelIds.toHex(a.shortId()));
    }

    @Test
    void everyTruncationIsRejected() {
        for (int len = 0; len < BYTES.length; len += Math.max(1, len / 50)) {
            byte[] cut = Arrays.copyOf(BYTES, len);
            assertThatThrownBy(() -> ModelArtifact.load(cut)).isInstanceOf(CorruptModelException.class);
        }
    }

    @Test
    void tamperedBytesAreRejected() {
        for (int i = 0; i < BYTES.length; i += 97) {
            byte[] bad = BYTES.clone();
            bad[i] ^= 0x10;
            assertThatThrownBy(() -> ModelArtifact.load(bad)).isInstanceOf(CorruptModelException.class);
        }
        byte[] bad = BYTES.clone();
        bad[BYTES.length / 2] ^= 1;
        assertThatThrownBy(() -> ModelArtifact.load(bad)).hasMessageContaining("checksum mismatch");
    }

    @Test
    void unknownVersionAndMagicAreNamed() {
        byte[] v2 = BYTES.clone();
        v2[7] = 2;
        assertThatThrownBy(() -> ModelArtifact.load(v2)).hasMessageContaining("version 2");
        byte[] other = BYTES.clone();
        other[0] = 'X';
        assertThatThrownBy(() -> ModelArtifact.load(other)).hasMessageContaining("not a tokenpress model");
    }

    @Test
    void integerTensorsRespectTheRecipeBounds() {
        ModelArtifact a = ModelArtifact.load(BYTES);
        for (ArtifactTensor t : a.tensors().values()) {
            if (t.name().endsWith(".w")) {
                assertThat(java.util.Arrays.stream(t.ints()).boxed().toList()).allMatch(v -> v >= -127 && v <= 127);
            }
            if (t.name().endsWith(".sh")) {
                assertThat(java.util.Arrays.stream(t.ints()).boxed().toList()).allMatch(v -> v >= 1 && v <= IntegerRecipe.MAX_SHIFT);
            }
            if (t.name().endsWith(".m")) {
                assertThat(java.util.Arrays.stream(t.ints()).boxed().toList()).allMatch(v -> v >= 0 && v <= IntegerRecipe.MAX_MULTIPLIER);
            }
        }
        int[] exp = a.tensor(IntegerRecipe.EXP_TABLE).ints();
        assertThat(exp[0]).isEqualTo(1 << 20);
        assertThat(exp[exp.length - 1]).isZero();
        assertThat(exp).hasSize(234);
    }

    @Test
    void multiplierMatchesTheSpec() {
        int[] ms = IntegerRecipe.multiplier(0.001);
        assertThat(ms[0]).isLessThan(1 << 15);
        assertThat(ms[0] / Math.pow(2, ms[1])).isCloseTo(0.001, org.assertj.core.data.Offset.offset(1e-7));
        assertThat(IntegerRecipe.multiplier(1e9)).containsExactly(IntegerRecipe.MAX_MULTIPLIER, 1);
        assertThat(IntegerRecipe.multiplier(1e-20)[1]).isEqualTo(40);
    }
}
