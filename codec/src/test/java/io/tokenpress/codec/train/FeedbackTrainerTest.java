package io.tokenpress.codec.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenpress.codec.model.ArchConfig;
import io.tokenpress.codec.model.CompressorPolicy;
import io.tokenpress.codec.model.FloatWeights;
import io.tokenpress.codec.model.RandomWeights;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Retraining from logged feedback: a small sampled log, a tiny model, a few seconds. */
class FeedbackTrainerTest {
    private static final ArchConfig CFG = new ArchConfig(32, 2, 64, 1, 1, 16, 8, 16, 8, 2, 1);

    /** Feedback-like chunks: JSON-ish lines of varying length, each logged with a latent from the compressor. */
    private static List<FeedbackTrainer.Sample> feedback(FloatWeights w, int n) {
        CompressorPolicy policy = new CompressorPolicy(w);
        Random r = new Random(3);
        List<FeedbackTrainer.Sample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            StringBuilder sb = new StringBuilder();
            int lines = 2 + r.nextInt(3);
            for (int l = 0; l < lines; l++) {
                sb.append("{\"user\":\"u").append(r.nextInt(10)).append("\",\"ok\":").append(r.nextBoolean()).append("}\n");
            }
            byte[] chunk = sb.toString().getBytes(StandardCharsets.US_ASCII);
            int[] latent = i % 2 == 0 ? new int[0] : new int[] {r.nextInt(CFG.latentVocab())};
            out.add(new FeedbackTrainer.Sample(chunk, latent, policy.logProb(chunk, latent)));
        }
        return out;
    }

    @Test
    void retrainingOnLoggedSamplesImprovesTheMeanReward() {
        FloatWeights start = RandomWeights.create(CFG, 11);
        List<FeedbackTrainer.Sample> samples = feedback(start, 8);
        FeedbackTrainer.Result r = FeedbackTrainer.train(start, samples,
                FeedbackTrainer.Options.defaults().withSteps(20).withBatchSize(2).withLearningRate(5e-3), null);

        assertThat(r.meanRewardBefore()).isEqualTo(FeedbackTrainer.meanReward(start, samples), org.assertj.core.api.Assertions.within(1e-6));
        assertThat(r.meanRewardAfter()).isGreaterThan(r.meanRewardBefore() + 1.0);
        assertThat(FeedbackTrainer.meanReward(r.weights(), samples)).isEqualTo(r.meanRewardAfter(), org.assertj.core.api.Assertions.within(1e-6));
        assertThat(r.weights().config()).isEqualTo(CFG);
        // the compressor was updated too (off-policy RL on the logged latents)
        assertThat(r.weights().get("cmp.dec.out").data()).isNotEqualTo(start.get("cmp.dec.out").data());
    }

    @Test
    void theBehaviourLogProbabilityIsANormalisedDistributionOverShortLatents() {
        FloatWeights w = RandomWeights.create(new ArchConfig(32, 2, 64, 1, 1, 16, 8, 16, 3, 1, 1), 5);
        CompressorPolicy policy = new CompressorPolicy(w);
        byte[] x = "abc".getBytes(StandardCharsets.US_ASCII);
        double total = Math.exp(policy.logProb(x, new int[0]));
        for (int t = 0; t < 3; t++) {
            total += Math.exp(policy.logProb(x, new int[] {t}));
        }
        assertThat(total).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-5));
    }

    @Test
    void noSamplesIsAnError() {
        assertThatThrownBy(() -> FeedbackTrainer.train(RandomWeights.create(CFG, 1), List.of(), FeedbackTrainer.Options.defaults(), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no feedback samples");
    }
}
