package io.tokenpress.codec.neural;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenpress.codec.ChunkDecoder;
import io.tokenpress.codec.CodedBlock;
import io.tokenpress.codec.container.EnvelopeFormat;
import io.tokenpress.codec.model.ModelArtifact;
import io.tokenpress.codec.store.ModelStores;
import io.tokenpress.schema.CodecKind;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Envelopes written by earlier versions decode to their originals (never regenerate these files). */
class GoldenFilesTest {

    @Test
    void everyGoldenEnvelopeDecodesToItsOriginal() {
        ModelArtifact model = GoldenFiles.loadModel();
        EnvelopeFormat format = new EnvelopeFormat();
        int neural = 0;
        try (ChunkDecoder dec = NeuralCodecs.universalDecoder(ModelStores.of("memory", model))) {
            for (Map.Entry<String, byte[]> e : GoldenFiles.originals().entrySet()) {
                byte[] env = GoldenFiles.resource(GoldenFiles.FOLDER + e.getKey() + ".env");
                byte[] orig = GoldenFiles.resource(GoldenFiles.FOLDER + e.getKey() + ".orig");
                assertThat(orig).isEqualTo(e.getValue());
                io.tokenpress.schema.ChunkEnvelope envelope = format.decode(env);
                String version = e.getKey().substring(e.getKey().lastIndexOf("-v") + 2);
                assertThat(envelope.getFormatVersion()).as(e.getKey()).isEqualTo(Integer.parseInt(version));
                CodedBlock block = format.toBlock(envelope);
                assertThat(dec.decode(block)).as(e.getKey()).isEqualTo(orig);
                if (block.codec() == CodecKind.NEURAL) {
                    neural++;
                    assertThat(block.modelId()).isEqualTo(model.shortId());
                }
            }
        }
        assertThat(neural).isGreaterThanOrEqualTo(5);
    }

    @Test
    void goldenModelStillExportsToTheSameIntegers() {
        // the integer tensors are part of the format: re-reading them must give the committed model's id
        ModelArtifact model = GoldenFiles.loadModel();
        assertThat(model.id()).isEqualTo(ModelArtifact.load(GoldenFiles.resource(GoldenFiles.MODEL)).id());
        assertThat(model.config()).isEqualTo(io.tokenpress.codec.model.ArchConfig.tiny());
    }
}
