package io.tokenpress.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenpress.codec.container.EnvelopeFormat;
import io.tokenpress.codec.model.ArchConfig;
import io.tokenpress.codec.model.ModelExporter;
import io.tokenpress.codec.model.RandomWeights;
import io.tokenpress.codec.neural.NeuralOptions;
import io.tokenpress.codec.store.ModelStores;
import io.tokenpress.schema.CodecKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The neural codec behind the benchmark's interface, with a tiny random-weight model. */
class NeuralCodecFactoryTest {

    private static Path tinyModel(Path dir) throws Exception {
        byte[] artifact = ModelExporter.export(RandomWeights.create(ArchConfig.tiny(), 1), "bench-test", null,
                Map.of("createdAt", "0"), List.of(SampleData.text(300, 1)));
        return Files.write(dir.resolve("bench-test.tpm"), artifact);
    }

    @Test
    void opensAModelFileAndRoundTripsThroughTheWholeEnvelope(@TempDir Path dir) throws Exception {
        NeuralCodecFactory factory = new NeuralCodecFactory(ModelStores.chain(), NeuralOptions.defaults());
        try (BenchCodec codec = factory.open(tinyModel(dir).toString())) {
            assertThat(codec.name()).matches("tokenpress:bench-test@[0-9a-f]{8}");
            for (byte[] chunk : List.of(new byte[0], new byte[] {7}, SampleData.text(600, 2))) {
                byte[] envelope = codec.compress(chunk);
                // what is counted is a complete, parsable envelope
                EnvelopeFormat format = new EnvelopeFormat();
                assertThat(format.toBlock(format.decode(envelope)).originalLength()).isEqualTo(chunk.length);
                assertThat(codec.decompress(envelope)).isEqualTo(chunk);
            }
            assertThat(codec.takeDetail()).containsAnyOf(CodecKind.NEURAL.name(), CodecKind.ZSTD.name(), CodecKind.RAW.name());
        }
    }

    @Test
    void aMissingModelIsAClearError() {
        NeuralCodecFactory factory = new NeuralCodecFactory(ModelStores.chain(), NeuralOptions.defaults());
        assertThatThrownBy(() -> factory.open("no-such-model"))
                .isInstanceOf(BenchCodecException.class)
                .hasMessageContaining("no-such-model");
    }
}
