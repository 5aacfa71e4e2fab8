package io.tokenpress.processor.retrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenpress.codec.model.FloatWeights;
import io.tokenpress.codec.model.ModelArtifact;
import io.tokenpress.codec.model.RandomWeights;
import io.tokenpress.codec.store.ClasspathModelStore;
import io.tokenpress.codec.store.DirectoryModelStore;
import io.tokenpress.codec.train.FeedbackTrainer;
import io.tokenpress.processor.feedback.FeedbackEvents;
import io.tokenpress.processor.models.ModelCatalog;
import io.tokenpress.processor.models.TestModels;
import io.tokenpress.schema.CodecKind;
import io.tokenpress.schema.FeedbackEvent;
import io.tokenpress.schema.Verification;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retraining from a feedback log held in memory: a tiny model, seconds of training. */
class RetrainJobTest {
    private static final String ALPHABET = "acgt";

    @TempDir
    Path dir;

    private final PrintStream progress = new PrintStream(new ByteArrayOutputStream());

    private static List<FeedbackEvent> feedback(String modelId, int n, boolean withSamples) {
        List<FeedbackEvent> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] chunk = TestModels.text(ALPHABET, 400, 100 + i);
            FeedbackEvent e = FeedbackEvent.newBuilder()
                    .setFormatVersion(FeedbackEvents.FORMAT_VERSION).setModelId(modelId).setTopic("plain").setPartition(i % 2)
                    .setFirstOffset(i * 10L).setLastOffset(i * 10L + 9).setRecordCount(10).setPlainBytes(chunk.length)
                    .setCodedBytes(chunk.length).setLatentLength(0).setLatentBits(0).setDecompressorBits(8.0 * chunk.length)
                    .setReward(-8.0 * chunk.length).setCodec(CodecKind.NEURAL).setEncodeMicros(1).setVerified(Verification.OK)
                    .setTimestamp(0).setSample(withSamples ? ByteBuffer.wrap(chunk) : null).build();
            events.add(FeedbackEvents.decode(FeedbackEvents.encode(e)));
        }
        return events;
    }

    private ModelCatalog catalog() {
        return new ModelCatalog(new DirectoryModelStore(dir), new ClasspathModelStore(), null, 0);
    }

    @Test
    void retrainingImprovesTheModelRecordsItsParentAndPromotesIt() {
        try (ModelCatalog catalog = catalog()) {
            FloatWeights start = RandomWeights.create(TestModels.PLAIN, 3);
            ModelArtifact parent = catalog.add(TestModels.export(start, "dna", null, ALPHABET), start);
            catalog.pointer().promote(parent.id());

            RetrainOptions opt = RetrainOptions.defaults("feedback")
                    .withTraining(FeedbackTrainer.Options.defaults().withSteps(30).withLearningRate(1e-2));
            RetrainReport report = new RetrainJob(catalog, progress).run(feedback(parent.id(), 20, true), opt);

            assertThat(report.parentId()).isEqualTo(parent.id());
            assertThat(report.trainSamples() + report.heldOutSamples()).isEqualTo(20);
            assertThat(report.heldOutSamples()).isPositive();
            assertThat(report.meanRewardAfter()).isGreaterThan(report.meanRewardBefore() + 1.0);
            assertThat(report.newBitsPerByte()).isLessThanOrEqualTo(report.oldBitsPerByte());
            assertThat(report.promoted()).isTrue();
            assertThat(catalog.pointer().activeId()).contains(report.modelId());

            ModelArtifact child = catalog.directory().find(io.tokenpress.codec.ModelIds.fromHex(report.modelId().substring(0, 16))).orElseThrow();
            assertThat(child.manifest().getParentId()).isEqualTo(parent.id());
            Map<String, Double> metrics = child.manifest().getMetrics();
            assertThat(metrics).containsEntry("feedbackHeldOutBitsPerByte", report.newBitsPerByte())
                    .containsEntry("parentFeedbackHeldOutBitsPerByte", report.oldBitsPerByte());
            assertThat(catalog.floatWeights(child)).isPresent(); // so it can be retrained in turn
        }
    }

    @Test
    void aWorseModelIsStoredButNotPromotedUnlessForced() {
        try (ModelCatalog catalog = catalog()) {
            FloatWeights good = TestModels.unigram(TestModels.PLAIN, ALPHABET, 2f);
            ModelArtifact parent = catalog.add(TestModels.export(good, "dna", null, ALPHABET), good);
            catalog.pointer().promote(parent.id());
            // a learning rate far too high wrecks a model that was already right
            FeedbackTrainer.Options wreck = FeedbackTrainer.Options.defaults().withSteps(3).withLearningRate(0.5);
            RetrainOptions opt = RetrainOptions.defaults("feedback").withTraining(wreck);

            RetrainReport refused = new RetrainJob(catalog, progress).run(feedback(parent.id(), 10, true), opt);
            assertThat(refused.improved()).isFalse();
            assertThat(refused.promoted()).isFalse();
            assertThat(refused.decision()).contains("NOT promoted");
            assertThat(catalog.pointer().activeId()).contains(parent.id());

            RetrainReport forced = new RetrainJob(catalog, progress).run(feedback(parent.id(), 10, true), opt.withPromotion(true, true));
            assertThat(forced.promoted()).isTrue();
            assertThat(catalog.pointer().activeId()).contains(forced.modelId());
        }
    }

    @Test
    void feedbackWithoutSamplesIsANamedError() {
        try (ModelCatalog catalog = catalog()) {
            assertThatThrownBy(() -> new RetrainJob(catalog, progress).run(feedback("", 5, false), RetrainOptions.defaults("feedback")))
                    .isInstanceOf(RetrainException.class)
                    .hasMessageContaining("feedback.sample.rate > 0");
        }
    }

    @Test
    void aParentWithoutFloatWeightsIsRetrainedFromItsDequantizedIntegers() {
        try (ModelCatalog catalog = catalog()) {
            ModelArtifact parent = catalog.add(TestModels.export(TestModels.unigram(TestModels.PLAIN, ALPHABET, 2f), "dna", null, ALPHABET), null);
            assertThat(catalog.floatWeights(parent)).isEmpty();
            RetrainReport r = new RetrainJob(catalog, progress).run(feedback(parent.id(), 8, true),
                    RetrainOptions.defaults("feedback").withParent(parent.id())
                            .withTraining(FeedbackTrainer.Options.defaults().withSteps(2).withLearningRate(1e-4)));
            assertThat(r.parentId()).isEqualTo(parent.id());
            // starting from the parent itself and barely moving: the child codes about as well
            assertThat(r.newBitsPerByte()).isCloseTo(r.oldBitsPerByte(), org.assertj.core.api.Assertions.within(0.1));
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(io.tokenpress.codec.model.Mixing.class)
    void theChildOfAMixingParentMixesToo(io.tokenpress.codec.model.Mixing stages) {
        boolean contexts = stages.contexts();
        try (ModelCatalog catalog = catalog()) {
            FloatWeights good = TestModels.unigram(TestModels.PLAIN, ALPHABET, 2f);
            ModelArtifact plain = ModelArtifact.load(TestModels.export(good, "dna", null, ALPHABET));
            byte[] mixed = io.tokenpress.codec.neural.MatchMixing.fit(plain, List.of(TestModels.text(ALPHABET, 2000, 5)), plain.id(),
                    stages, contexts ? TestModels.text(ALPHABET, 500, 6) : new byte[0]).artifact();
            ModelArtifact parent = catalog.add(mixed, good);
            assertThat(parent.matchMixing()).isTrue();
            RetrainReport r = new RetrainJob(catalog, progress).run(feedback(parent.id(), 8, true),
                    RetrainOptions.defaults("feedback").withParent(parent.id())
                            .withTraining(FeedbackTrainer.Options.defaults().withSteps(2).withLearningRate(1e-4))
                            .withPrimer(RetrainOptions.PRIMER_KEEP));
            ModelArtifact child = catalog.directory().find(io.tokenpress.codec.ModelIds.fromHex(r.modelId().substring(0, 16))).orElseThrow();
            assertThat(child.matchMixing()).isTrue();
            assertThat(child.contextMixing()).isEqualTo(contexts);
            assertThat(child.mixing()).as("the parent's recipe").isEqualTo(stages);
            assertThat(io.tokenpress.codec.neural.MatchMixing.primer(child)).isEqualTo(io.tokenpress.codec.neural.MatchMixing.primer(parent));
            assertThat(child.manifest().getParentId()).isEqualTo(parent.id());
        }
    }

    @Test
    void aContextMixingChildTakesItsPrimerFromTheFeedbackWhenAskedOrWhenItCodesBetter() {
        try (ModelCatalog catalog = catalog()) {
            FloatWeights good = TestModels.unigram(TestModels.PLAIN, ALPHABET, 2f);
            ModelArtifact plain = ModelArtifact.load(TestModels.export(good, "dna", null, ALPHABET));
            byte[] unrelated = TestModels.text("wxyz", 600, 7);
            ModelArtifact parent = catalog.add(io.tokenpress.codec.neural.MatchMixing.fit(plain,
                    List.of(TestModels.text(ALPHABET, 2000, 5)), plain.id(), true, unrelated).artifact(), good);
            FeedbackTrainer.Options quick = FeedbackTrainer.Options.defaults().withSteps(2).withLearningRate(1e-4);

            RetrainReport sampled = new RetrainJob(catalog, progress).run(feedback(parent.id(), 8, true),
                    RetrainOptions.defaults("feedback").withParent(parent.id()).withTraining(quick).withPrimer(300)
                            .withPromotion(false, false));
            byte[] primer = io.tokenpress.codec.neural.MatchMixing.primer(child(catalog, sampled));
            assertThat(primer).isNotEmpty().hasSizeLessThanOrEqualTo(300);
            assertThat(new String(primer, java.nio.charset.StandardCharsets.US_ASCII)).matches("[acgt\\n ]*");

            ByteArrayOutputStream log = new ByteArrayOutputStream();
            RetrainReport auto = new RetrainJob(catalog, new PrintStream(log, true)).run(feedback(parent.id(), 8, true),
                    RetrainOptions.defaults("feedback").withParent(parent.id()).withTraining(quick).withPromotion(false, false));
            java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                    "primer (of the parent|from the feedback) \\([0-9,]+ bytes\\): ([0-9.]+) bits/byte").matcher(log.toString());
            java.util.Map<String, Double> bits = new java.util.HashMap<>();
            while (m.find()) {
                bits.put(m.group(1), Double.parseDouble(m.group(2)));
            }
            assertThat(bits).containsOnlyKeys("of the parent", "from the feedback");
            // the child carries the primer that coded the held-back chunks smaller
            byte[] chosen = io.tokenpress.codec.neural.MatchMixing.primer(child(catalog, auto));
            boolean parentsWon = bits.get("of the parent") <= bits.get("from the feedback");
            assertThat(java.util.Arrays.equals(chosen, unrelated)).isEqualTo(parentsWon);
            if (!parentsWon) {
                assertThat(new String(chosen, java.nio.charset.StandardCharsets.US_ASCII)).matches("[acgt]+");
            }
        }
    }

    private static ModelArtifact child(ModelCatalog catalog, RetrainReport r) {
        return catalog.directory().find(io.tokenpress.codec.ModelIds.fromHex(r.modelId().substring(0, 16))).orElseThrow();
    }
}
