package io.tokenpress.codec.neural;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenpress.codec.ChunkDecoder;
import io.tokenpress.codec.CodedBlock;
import io.tokenpress.codec.arith.ArithmeticEncoder;
import io.tokenpress.codec.model.ArtifactTensor;
import io.tokenpress.codec.model.CorruptModelException;
import io.tokenpress.codec.model.IntegerRecipe;
import io.tokenpress.codec.model.Mixing;
import io.tokenpress.codec.model.ModelArtifact;
import io.tokenpress.codec.store.ModelStores;
import io.tokenpress.schema.CodecKind;
import io.tokenpress.schema.ModelManifest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MatchMixingTest {
    private static final ModelArtifact PLAIN = TestModels.model(TestModels.NO_LATENT);
    private static final ModelArtifact MIXED = ModelArtifact.load(MatchMixing.fit(PLAIN, List.of(repetitive(3, 2000))).artifact());
    /** Match mixing followed by context mixing (codec/MODEL.md, "Context mixing"). */
    private static final ModelArtifact CONTEXT = ModelArtifact.load(
            MatchMixing.fit(PLAIN, List.of(repetitive(3, 2000)), PLAIN.id(), true).artifact());
    /** Context mixing with a primer of log-like lines (codec/MODEL.md, "Primer"). */
    private static final byte[] PRIMER = repetitive(11, 3000);
    private static final ModelArtifact PRIMED = ModelArtifact.load(
            MatchMixing.fit(PLAIN, List.of(repetitive(3, 2000)), PLAIN.id(), true, PRIMER).artifact());
    /** Context mixing with line contexts and the primer (codec/MODEL.md, "Line contexts"). */
    private static final ModelArtifact LINED = ModelArtifact.load(
            MatchMixing.fit(PLAIN, List.of(repetitive(3, 2000)), PLAIN.id(), Mixing.LINES, PRIMER).artifact());

    private static ModelArtifact model(String kind) {
        return switch (kind) {
            case "match" -> MIXED;
            case "context" -> CONTEXT;
            case "lines" -> LINED;
            default -> PRIMED;
        };
    }

    /** Log-like lines: a few templates with changing numbers, so matches are long but not exact. */
    static byte[] repetitive(long seed, int n) {
        Random rnd = new Random(seed);
        String[] templates = {"INFO [Controller id=1] Processed %d events in %d ms\n",
                "WARN [Broker id=2] Partition topic-%d-%d is under-replicated\n", "{\"user\":\"u%d\",\"ms\":%d,\"ok\":true}\n"};
        StringBuilder sb = new StringBuilder();
        while (sb.length() < n) {
            sb.append(String.format(templates[rnd.nextInt(templates.length)], rnd.nextInt(100), rnd.nextInt(1000)));
        }
        return Arrays.copyOf(sb.toString().getBytes(StandardCharsets.US_ASCII), n);
    }

    @Property(tries = 200)
    void mixedTablesAreValidTables(@ForAll("seeds") long seed, @ForAll @IntRange(min = 1, max = 600) int n,
            @ForAll Mixing stages) {
        Random rnd = new Random(seed);
        byte[] data = rnd.nextBoolean() ? repetitive(seed, n) : BackendAgreementTest.randomData(rnd, n);
        int[] prior = new int[MatchMixing.cells(stages)];
        for (int i = 0; i < prior.length; i++) {
            prior[i] = 1 + rnd.nextInt(MatchMixer.PROB_ONE - 1);
        }
        byte[] primer = rnd.nextBoolean() ? new byte[0] : repetitive(seed + 1, 1 + rnd.nextInt(2000));
        MatchMixer mixer = new MatchMixer(MatchMixing.Recipe.primed(prior, stages, primer), data.length);
        boolean contexts = stages.contexts();
        for (int t = 0; t < data.length; t++) {
            int[] cum = randomTable(rnd);
            int[] mixed = mixer.table(cum, data, t);
            assertThat(mixed[0]).isZero();
            if (contexts) {
                assertThat(mixed[256]).isBetween(IntegerRecipe.FREQ_TOTAL, ArithmeticEncoder.MAX_TOTAL);
            } else {
                assertThat(mixed[256]).isEqualTo(IntegerRecipe.FREQ_TOTAL);
            }
            for (int s = 0; s < 256; s++) {
                assertThat(mixed[s + 1]).as("symbol %d at %d", s, t).isGreaterThan(mixed[s]);
            }
            mixer.update(data, t);
        }
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<Long> seeds() {
        return net.jqwik.api.Arbitraries.longs();
    }

    /** A table with every frequency at least 1, often very peaked (the mixer's extreme cases). */
    private static int[] randomTable(Random rnd) {
        int[] f = new int[256];
        int total = IntegerRecipe.FREQ_TOTAL;
        Arrays.fill(f, 1);
        int peak = rnd.nextInt(256);
        int left = total - 256;
        if (rnd.nextInt(3) == 0) {
            f[peak] += left;
        } else {
            for (int s = 0; s < 255 && left > 0; s++) {
                int take = rnd.nextInt(left + 1) / (rnd.nextInt(8) + 1);
                f[rnd.nextInt(256)] += take;
                left -= take;
            }
            f[peak] += left;
        }
        int[] cum = new int[257];
        for (int s = 0; s < 256; s++) {
            cum[s + 1] = cum[s] + f[s];
        }
        return cum;
    }

    @Property(tries = 40)
    void mixedCodeRoundTrips(@ForAll @Size(max = 1200) byte[] random, @ForAll @IntRange(min = 0, max = 3000) int repeats) {
        for (ModelArtifact model : List.of(MIXED, CONTEXT, PRIMED, LINED)) {
            MatchMixing.Recipe mixing = MatchMixing.recipe(model);
            try (JavaDecompressorBackend backend = new JavaDecompressorBackend(model)) {
                for (byte[] data : List.of(random, repetitive(repeats, repeats))) {
                    byte[] payload = NeuralCoding.encode(backend, mixing, new int[0], data);
                    assertThat(NeuralCoding.decode(backend, mixing, new int[0], payload, data.length)).isEqualTo(data);
                }
            }
        }
    }

    @Test
    void mixingCodesRepeatedDataInFewerBitsThanTheModelAlone() {
        MatchMixing.Fit fit = MatchMixing.fit(PLAIN, List.of(repetitive(5, 3000), repetitive(6, 3000)));
        assertThat(fit.mixedBitsPerByte()).isLessThan(0.5 * fit.modelBitsPerByte());
        byte[] data = repetitive(7, 3000);
        try (JavaDecompressorBackend backend = new JavaDecompressorBackend(MIXED)) {
            int plain = NeuralCoding.encode(backend, null, new int[0], data).length;
            int mixed = NeuralCoding.encode(backend, MatchMixing.recipe(MIXED), new int[0], data).length;
            assertThat(mixed).isLessThan(plain / 2);
        }
    }

    @Test
    void contextMixingCodesLogLikeDataInFewerBitsThanMatchMixingAlone() {
        MatchMixing.Fit fit = MatchMixing.fit(PLAIN, List.of(repetitive(5, 3000), repetitive(6, 3000)), PLAIN.id(), true);
        MatchMixing.Fit matchOnly = MatchMixing.fit(PLAIN, List.of(repetitive(5, 3000), repetitive(6, 3000)));
        assertThat(fit.mixedBitsPerByte()).isLessThan(0.9 * matchOnly.mixedBitsPerByte());
        byte[] data = repetitive(7, 3000);
        try (JavaDecompressorBackend backend = new JavaDecompressorBackend(CONTEXT)) {
            int match = NeuralCoding.encode(backend, MatchMixing.recipe(MIXED), new int[0], data).length;
            int context = NeuralCoding.encode(backend, MatchMixing.recipe(CONTEXT), new int[0], data).length;
            assertThat(context).isLessThan(match * 9 / 10);
        }
    }

    /** Fixed-width log lines with changing numbers: what line contexts are for. */
    static byte[] columns(long seed, int n) {
        Random rnd = new Random(seed);
        StringBuilder sb = new StringBuilder();
        int ms = 0;
        long segment = 100_000;
        while (sb.length() < n) {
            ms += 1 + rnd.nextInt(40);
            segment += 11_000 + rnd.nextInt(1000);
            sb.append(String.format("[2016-12-19 20:39:%02d,%03d] INFO Scheduling log segment %d for log test-%d for deletion.%n",
                    ms / 1000 % 60, ms % 1000, segment, rnd.nextInt(4)));
        }
        return Arrays.copyOf(sb.toString().getBytes(StandardCharsets.US_ASCII), n);
    }

    @Test
    void lineContextsCodeColumnAlignedLinesInFewerBitsThanContextMixingAlone() {
        List<byte[]> fitting = List.of(columns(5, 4000), columns(6, 4000));
        MatchMixing.Fit lines = MatchMixing.fit(PLAIN, fitting, PLAIN.id(), Mixing.LINES, new byte[0]);
        MatchMixing.Fit contexts = MatchMixing.fit(PLAIN, fitting, PLAIN.id(), Mixing.CONTEXTS, new byte[0]);
        assertThat(lines.mixedBitsPerByte()).isLessThan(0.95 * contexts.mixedBitsPerByte());
        ModelArtifact lined = ModelArtifact.load(lines.artifact());
        ModelArtifact context = ModelArtifact.load(contexts.artifact());
        byte[] data = columns(7, 4000);
        try (JavaDecompressorBackend backend = new JavaDecompressorBackend(lined)) {
            byte[] withLines = NeuralCoding.encode(backend, MatchMixing.recipe(lined), new int[0], data);
            int without = NeuralCoding.encode(backend, MatchMixing.recipe(context), new int[0], data).length;
            assertThat(withLines.length).isLessThan(without * 95 / 100);
            assertThat(NeuralCoding.decode(backend, MatchMixing.recipe(lined), new int[0], withLines, data.length)).isEqualTo(data);
        }
    }

    @Test
    void lineContextsAreTheirOwnRecipeWithALargerPrior() {
        assertThat(LINED.manifest().getQuantization()).isEqualTo(ModelArtifact.QUANTIZATION_LINE_MIXING);
        assertThat(LINED.mixing()).isEqualTo(Mixing.LINES);
        assertThat(LINED.contextMixing()).isTrue();
        assertThat(LINED.matchMixing()).isTrue();
        assertThat(PRIMED.mixing()).isEqualTo(Mixing.CONTEXTS);
        assertThat(MatchMixing.prior(LINED)).hasSize(MatchMixer.LINE_CELLS);
        assertThat(MatchMixing.primer(LINED)).isEqualTo(PRIMER);
        // the newest of the mixings of one base: a name resolves to it
        assertThat(LINED.manifest().getCreatedAt()).isGreaterThan(PRIMED.manifest().getCreatedAt());
        // a prior of the size of the other recipes is refused by name
        ModelArtifact small = rewrite(LINED, ModelArtifact.QUANTIZATION_LINE_MIXING, MatchMixing.prior(PRIMED));
        assertThatThrownBy(() -> NeuralCodecs.encoder(small, NeuralOptions.defaults()))
                .isInstanceOf(CorruptModelException.class).hasMessageContaining(MatchMixer.LINE_CELLS + " int32 values");
    }

    @Test
    void fitMakesADeterministicChildArtifactWithTheMixingRecipe() {
        byte[] again = MatchMixing.fit(PLAIN, List.of(repetitive(3, 2000))).artifact();
        assertThat(ModelArtifact.load(again).id()).isEqualTo(MIXED.id());
        assertThat(MIXED.matchMixing()).isTrue();
        assertThat(PLAIN.matchMixing()).isFalse();
        assertThat(MIXED.manifest().getQuantization()).isEqualTo(ModelArtifact.QUANTIZATION_MATCH_MIXING);
        assertThat(MIXED.manifest().getParentId()).isEqualTo(PLAIN.id());
        assertThat(MIXED.manifest().getMetrics()).containsKeys("matchFitMixedBitsPerByte", "matchFitModelBitsPerByte");
        assertThat(MatchMixing.prior(PLAIN)).isNull();
        // the newest of its name: a name resolves to the mixing artifact
        assertThat(MIXED.manifest().getCreatedAt()).isGreaterThan(PLAIN.manifest().getCreatedAt());
        assertThat(ModelStores.resolve(PLAIN.name(), ModelStores.of("memory", PLAIN, MIXED)).id()).isEqualTo(MIXED.id());
        assertThat(ModelStores.resolve(PLAIN.name(), ModelStores.of("memory", MIXED, PLAIN)).id()).isEqualTo(MIXED.id());
        // refitting a mixing artifact replaces its prior instead of adding a second one
        ModelArtifact refit = ModelArtifact.load(MatchMixing.fit(MIXED, List.of(repetitive(4, 2000))).artifact());
        assertThat(refit.tensors().keySet().stream().filter(ModelArtifact.MATCH_PRIOR::equals)).hasSize(1);
        // context mixing: its own recipe, the same prior, a different artifact
        assertThat(CONTEXT.manifest().getQuantization()).isEqualTo(ModelArtifact.QUANTIZATION_CONTEXT_MIXING);
        assertThat(CONTEXT.contextMixing()).isTrue();
        assertThat(CONTEXT.matchMixing()).isTrue();
        assertThat(MIXED.contextMixing()).isFalse();
        assertThat(MatchMixing.prior(CONTEXT)).isEqualTo(MatchMixing.prior(MIXED));
        assertThat(CONTEXT.id()).isNotEqualTo(MIXED.id());
    }

    @ParameterizedTest
    @ValueSource(strings = {"match", "context", "primed", "lines"})
    void theEncoderPicksMixedNeuralCodesAndEveryEngineDecodesThem(String kind) {
        ModelArtifact model = model(kind);
        ChunkDecoder decoder = NeuralCodecs.universalDecoder(ModelStores.of("memory", model));
        NeuralChunkEncoder encoder = new NeuralChunkEncoder(model, NeuralOptions.defaults().withZstdLevel(3));
        try (NeuralChunkDecoder djl = new NeuralChunkDecoder(ModelStores.of("memory", model), "djl", 2)) {
            for (int seed = 0; seed < 4; seed++) {
                byte[] data = repetitive(seed, 1500 + 500 * seed);
                CodedBlock neural = encoder.candidates(data).get(0);
                assertThat(neural.codec()).isEqualTo(CodecKind.NEURAL);
                assertThat(decoder.decode(neural)).isEqualTo(data);
                assertThat(djl.decodeNeural(neural)).isEqualTo(data);
                assertThat(decoder.decode(encoder.encode(data))).isEqualTo(data);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"match", "context", "primed", "lines"})
    void aCorruptMixedPayloadDecodesToTheOriginalOrANamedErrorNeverToOtherBytes(String kind) {
        ModelArtifact model = model(kind);
        ChunkDecoder decoder = NeuralCodecs.universalDecoder(ModelStores.of("memory", model));
        byte[] data = repetitive(9, 1200);
        CodedBlock good = new NeuralChunkEncoder(model, NeuralOptions.defaults()).candidates(data).get(0);
        byte[] payload = good.payload();
        for (int i = 0; i < payload.length; i += Math.max(1, payload.length / 64)) {
            byte[] bad = payload.clone();
            bad[i] ^= (byte) (1 + i % 255);
            CodedBlock corrupt = new CodedBlock(CodecKind.NEURAL, good.modelId(), good.latentTokens(), bad,
                    good.originalLength(), good.crc32c());
            try {
                assertThat(decoder.decode(corrupt)).as("flipped payload byte %d", i).isEqualTo(data);
            } catch (io.tokenpress.codec.CorruptChunkException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            }
        }
    }

    @Test
    void aPrimerMakesShortChunksLikeItCheaper() {
        assertThat(MatchMixing.primer(PRIMED)).isEqualTo(PRIMER);
        assertThat(MatchMixing.primer(CONTEXT)).isEmpty();
        assertThat(PRIMED.manifest().getQuantization()).isEqualTo(ModelArtifact.QUANTIZATION_CONTEXT_MIXING);
        assertThat(PRIMED.manifest().getTrainingData()).contains("primer=3000 bytes");
        byte[] data = repetitive(12, 300);
        try (JavaDecompressorBackend backend = new JavaDecompressorBackend(PRIMED)) {
            int without = NeuralCoding.encode(backend, MatchMixing.recipe(CONTEXT), new int[0], data).length;
            int with = NeuralCoding.encode(backend, MatchMixing.recipe(PRIMED), new int[0], data).length;
            assertThat(with).isLessThan(without * 3 / 4);
            byte[] payload = NeuralCoding.encode(backend, MatchMixing.recipe(PRIMED), new int[0], data);
            assertThat(NeuralCoding.decode(backend, MatchMixing.recipe(PRIMED), new int[0], payload, data.length)).isEqualTo(data);
        }
    }

    @Test
    void aPrimerNeedsContextMixingAndABoundedSize() {
        assertThatThrownBy(() -> MatchMixing.fit(PLAIN, List.of(repetitive(3, 500)), PLAIN.id(), false, PRIMER))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("context mixing");
        assertThatThrownBy(() -> MatchMixing.fit(PLAIN, List.of(repetitive(3, 500)), PLAIN.id(), true,
                new byte[MatchMixing.MAX_PRIMER + 1])).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most");
    }

    @Test
    void aPrimerOfTheWrongTypeIsRefusedByName() {
        List<ArtifactTensor> tensors = new ArrayList<>();
        for (ArtifactTensor t : PRIMED.tensors().values()) {
            tensors.add(t.name().equals(ModelArtifact.MATCH_PRIMER)
                    ? ArtifactTensor.ofInts(t.name(), ArtifactTensor.DType.INT32, new int[] {3}, new int[] {1, 2, 3}) : t);
        }
        ModelArtifact bad = ModelArtifact.load(ModelArtifact.write(PRIMED.manifest(), tensors));
        assertThatThrownBy(() -> NeuralCodecs.encoder(bad, NeuralOptions.defaults()))
                .isInstanceOf(CorruptModelException.class).hasMessageContaining(ModelArtifact.MATCH_PRIMER);
    }

    @Test
    void aMixingArtifactWithoutItsPriorOrWithABadOneIsRefusedByName() {
        ModelArtifact noPrior = rewrite(MIXED, ModelArtifact.QUANTIZATION_MATCH_MIXING, null);
        assertThatThrownBy(() -> NeuralCodecs.encoder(noPrior, NeuralOptions.defaults()))
                .isInstanceOf(CorruptModelException.class).hasMessageContaining(ModelArtifact.MATCH_PRIOR);
        int[] bad = MatchMixing.prior(MIXED).clone();
        bad[7] = 0;
        ModelArtifact zero = rewrite(MIXED, ModelArtifact.QUANTIZATION_MATCH_MIXING, bad);
        assertThatThrownBy(() -> NeuralCodecs.encoder(zero, NeuralOptions.defaults()))
                .isInstanceOf(CorruptModelException.class).hasMessageContaining("outside 1..65535");
        ModelArtifact shortPrior = rewrite(MIXED, ModelArtifact.QUANTIZATION_MATCH_MIXING, new int[] {1, 2, 3});
        assertThatThrownBy(() -> NeuralCodecs.decoder(ModelStores.of("memory", shortPrior)).decodeNeural(
                new CodedBlock(CodecKind.NEURAL, shortPrior.shortId(), new int[0], new byte[8], 5, 0)))
                .isInstanceOf(CorruptModelException.class).hasMessageContaining(MatchMixer.CELLS + " int32 values");
    }

    @Test
    void aRecipeThisBuildDoesNotKnowIsRefusedByName() {
        ModelArtifact future = rewrite(MIXED, "int8-v1+match-v9", MatchMixing.prior(MIXED));
        assertThatThrownBy(() -> NeuralCodecs.encoder(future, NeuralOptions.defaults()))
                .isInstanceOf(CorruptModelException.class).hasMessageContaining("int8-v1+match-v9")
                .hasMessageContaining(ModelArtifact.QUANTIZATION_MATCH_MIXING)
                .hasMessageContaining(ModelArtifact.QUANTIZATION_CONTEXT_MIXING)
                .hasMessageContaining(ModelArtifact.QUANTIZATION_LINE_MIXING);
        assertThatThrownBy(() -> NeuralCodecs.encoder(future, NeuralOptions.defaults().withEngine("djl")))
                .isInstanceOf(CorruptModelException.class).hasMessageContaining("int8-v1+match-v9");
    }

    /** {@code model} with another recipe name and prior ({@code null}: none). */
    private static ModelArtifact rewrite(ModelArtifact model, String recipe, int[] prior) {
        List<ArtifactTensor> tensors = new ArrayList<>();
        for (ArtifactTensor t : model.tensors().values()) {
            if (!t.name().equals(ModelArtifact.MATCH_PRIOR)) {
                tensors.add(t);
            }
        }
        if (prior != null) {
            tensors.add(ArtifactTensor.ofInts(ModelArtifact.MATCH_PRIOR, ArtifactTensor.DType.INT32, new int[] {prior.length}, prior));
        }
        ModelManifest m = ModelManifest.newBuilder(model.manifest()).setQuantization(recipe).build();
        return ModelArtifact.load(ModelArtifact.write(m, tensors));
    }
}
