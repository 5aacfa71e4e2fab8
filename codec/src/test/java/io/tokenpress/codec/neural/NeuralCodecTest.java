package io.tokenpress.codec.neural;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenpress.codec.Checksums;
import io.tokenpress.codec.ChunkDecoder;
import io.tokenpress.codec.ChunkEncoder;
import io.tokenpress.codec.Codecs;
import io.tokenpress.codec.CodedBlock;
import io.tokenpress.codec.CorruptChunkException;
import io.tokenpress.codec.ModelNotFoundException;
import io.tokenpress.codec.model.IntegerBits;
import io.tokenpress.codec.model.ModelArtifact;
import io.tokenpress.codec.store.ModelStores;
import io.tokenpress.schema.CodecKind;
import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class NeuralCodecTest {
    private static final ModelArtifact TINY = TestModels.model(TestModels.TINY);
    private static final ModelArtifact PLAIN = TestModels.model(TestModels.NO_LATENT);
    private static final ChunkEncoder TINY_ENCODER = NeuralCodecs.encoder(TINY, NeuralOptions.defaults().withZstdLevel(3));
    private static final ChunkEncoder PLAIN_ENCODER = NeuralCodecs.encoder(PLAIN, NeuralOptions.defaults().withZstdLevel(3));
    private static final ChunkDecoder DECODER = NeuralCodecs.universalDecoder(ModelStores.of("memory", TINY, PLAIN));

    @Property(tries = 60)
    void arbitraryBytesRoundTrip(@ForAll @Size(max = 1500) byte[] data) {
        CodedBlock b = PLAIN_ENCODER.encode(data);
        assertThat(DECODER.decode(b)).isEqualTo(data);
        assertThat(NeuralChunkEncoder.cost(b)).isLessThanOrEqualTo(NeuralChunkEncoder.cost(Codecs.zstd(3).encode(data)));
    }

    @Property(tries = 15)
    void arbitraryBytesRoundTripWithCompressorProposals(@ForAll @Size(max = 400) byte[] data) {
        CodedBlock b = TINY_ENCODER.encode(data);
        assertThat(DECODER.decode(b)).isEqualTo(data);
    }

    @Test
    void neuralBlocksRoundTripWithEveryKindOfLatent() {
        Random rnd = new Random(11);
        try (JavaDecompressorBackend backend = new JavaDecompressorBackend(TINY)) {
            for (int i = 0; i < 20; i++) {
                byte[] data = BackendAgreementTest.randomData(rnd, rnd.nextInt(300));
                int[] latent = new int[rnd.nextInt(TestModels.TINY.maxLatent() + 1)];
                for (int k = 0; k < latent.length; k++) {
                    latent[k] = rnd.nextInt(TestModels.TINY.latentVocab());
                }
                CodedBlock b = neural(backend, latent, data);
                assertThat(DECODER.decode(b)).isEqualTo(data);
                // the payload is the ideal code length up to a few bytes
                double ideal = IntegerBits.bits(backend, latent, data) / 8;
                assertThat((double) b.payloadLength()).isBetween(ideal, ideal + 5);
            }
        }
    }

    @Test
    void largeChunkRoundTrips() {
        byte[] data = new byte[70_000];
        Random rnd = new Random(2);
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (rnd.nextInt(4) == 0 ? rnd.nextInt(256) : "abcabcabd".charAt(i % 9));
        }
        try (JavaDecompressorBackend backend = new JavaDecompressorBackend(PLAIN)) {
            CodedBlock b = neural(backend, new int[0], data);
            assertThat(DECODER.decode(b)).isEqualTo(data);
        }
    }

    @Test
    void predictableDataPicksNeuralOverZstdWhenSmaller() {
        // whichever wins, the choice is the smallest candidate and never larger than zstd
        byte[] data = TestModels.SAMPLE;
        CodedBlock chosen = TINY_ENCODER.encode(data);
        int zstd = NeuralChunkEncoder.cost(Codecs.zstd(3).encode(data));
        assertThat(NeuralChunkEncoder.cost(chosen)).isLessThanOrEqualTo(zstd);
        for (CodedBlock c : ((NeuralChunkEncoder) TINY_ENCODER).candidates(data)) {
            assertThat(NeuralChunkEncoder.cost(chosen)).isLessThanOrEqualTo(NeuralChunkEncoder.cost(c));
            assertThat(DECODER.decode(c)).isEqualTo(data);
        }
    }

    @Property(tries = 20)
    void earlyStoppingPicksWhatAFullEvaluationOfEveryCandidatePicks(
            @ForAll @Size(max = 600) byte[] noise, @ForAll boolean predictable) {
        // predictable data (neural wins) or arbitrary bytes (zstd or raw wins)
        byte[] data = predictable ? Arrays.copyOf(TestModels.SAMPLE, Math.min(TestModels.SAMPLE.length, noise.length))
                : noise;
        for (ChunkEncoder encoder : new ChunkEncoder[] {TINY_ENCODER, PLAIN_ENCODER}) {
            CodedBlock expected = Codecs.zstd(3).encode(data);
            if (data.length > 0) {
                for (CodedBlock c : ((NeuralChunkEncoder) encoder).candidates(data)) {
                    expected = NeuralChunkEncoder.cost(c) < NeuralChunkEncoder.cost(expected) ? c : expected;
                }
            }
            CodedBlock chosen = encoder.encode(data);
            assertThat(chosen.codec()).isEqualTo(expected.codec());
            assertThat(chosen.latentTokens()).isEqualTo(expected.latentTokens());
            assertThat(chosen.payload()).isEqualTo(expected.payload());
        }
    }

    @Test
    void budgetedEncodingStopsOnlyWhenThePayloadCannotFit() {
        byte[] data = new byte[700];
        new Random(3).nextBytes(data);
        try (JavaDecompressorBackend backend = new JavaDecompressorBackend(TINY)) {
            byte[] full = NeuralCoding.encode(backend, null, new int[0], data);
            assertThat(NeuralCoding.encode(backend, null, new int[0], data, full.length + 1)).isEqualTo(full);
            assertThat(NeuralCoding.encode(backend, null, new int[0], data, full.length)).isNull();
            assertThat(NeuralCoding.encode(backend, null, new int[0], data, full.length / 2)).isNull();
            assertThat(NeuralCoding.encode(backend, null, new int[0], data, 0)).isNull();
        }
    }

    @Test
    void missingModelNamesTheIdAndTheStores() {
        byte[] data = {1, 2, 3};
        CodedBlock b;
        try (JavaDecompressorBackend backend = new JavaDecompressorBackend(TINY)) {
            b = neural(backend, new int[0], data);
        }
        ChunkDecoder empty = NeuralCodecs.universalDecoder(ModelStores.of("memory", PLAIN));
        assertThatThrownBy(() -> empty.decode(b))
                .isInstanceOf(ModelNotFoundException.class)
                .hasMessageContaining(io.tokenpress.codec.ModelIds.toHex(TINY.shortId()))
                .hasMessageContaining("memory");
    }

    @Test
    void outOfRangeLatentIsCorrupt() {
        byte[] data = {1, 2, 3};
        CodedBlock good;
        try (JavaDecompressorBackend backend = new JavaDecompressorBackend(TINY)) {
            good = neural(backend, new int[] {1}, data);
        }
        CodedBlock bad = new CodedBlock(CodecKind.NEURAL, good.modelId(), new int[] {TestModels.TINY.latentVocab()},
                good.payload(), 3, good.crc32c());
        assertThatThrownBy(() -> DECODER.decode(bad)).isInstanceOf(CorruptChunkException.class)
                .hasMessageContaining("latent token");
        CodedBlock latentOnPlain = new CodedBlock(CodecKind.NEURAL, PLAIN.shortId(), new int[] {1},
                good.payload(), 3, good.crc32c());
        assertThatThrownBy(() -> DECODER.decode(latentOnPlain)).isInstanceOf(CorruptChunkException.class);
    }

    @Test
    void unknownEngineIsRejectedByName() {
        assertThatThrownBy(() -> NeuralCodecs.encoder(TINY, NeuralOptions.defaults().withEngine("tpu9000")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tpu9000");
    }

    static CodedBlock neural(DecompressorBackend backend, int[] latent, byte[] data) {
        return new CodedBlock(CodecKind.NEURAL, backend.model().shortId(), latent,
                NeuralCoding.encode(backend, null, latent, data), data.length, Checksums.crc32c(data));
    }

    @Test
    void encoderIsThreadSafe() throws Exception {
        byte[][] inputs = new byte[6][];
        Random rnd = new Random(4);
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = BackendAgreementTest.randomData(rnd, 200 + rnd.nextInt(200));
        }
        CodedBlock[] serial = Arrays.stream(inputs).map(PLAIN_ENCODER::encode).toArray(CodedBlock[]::new);
        CodedBlock[] parallel = Arrays.stream(inputs).parallel().map(PLAIN_ENCODER::encode).toArray(CodedBlock[]::new);
        assertThat(parallel).isEqualTo(serial);
    }
}
