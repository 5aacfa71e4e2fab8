package io.tokenpress.codec.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import io.tokenpress.codec.model.ArchConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Off-policy RL on a toy corpus (chunks = one of four random strings): the mean reward rises. */
class CompressorRlTest {
    static {
        DjlThreads.useOne();
    }

    private static final ArchConfig CFG = new ArchConfig(32, 2, 64, 1, 1, 16, 8, 16, 4, 2, 1);

    @Test
    void rlStepsIncreaseTheMeanReward() {
        Random gen = new Random(5);
        byte[][] patterns = new byte[4][48];
        for (byte[] p : patterns) {
            gen.nextBytes(p);
        }
        ByteCorpus data = ByteCorpus.of(patterns);
        TrainingOptions opt = TrainingOptions.defaults("rl", "unused", CFG)
                .withShape(48, 4, 3e-3, 1)
                .withRl(1.0, 0.0, 2, 4, 2.0, 5);
        ParameterSet params = ParameterSet.initialise(CFG, 2);
        AdamOptimizer adam = new AdamOptimizer(params, 0.9, 0.98, 1.0);
        List<byte[]> probe = List.of(patterns);
        try (NDManager root = NDManager.newBaseManager()) {
            double before = meanReward(root, params, probe);
            CompressorRl rl = new CompressorRl(params, opt, new Random(9));
            List<Double> rewards = new ArrayList<>();
            for (int step = 0; step < 20; step++) {
                rewards.add(rl.step(root, data, adam, 3e-3, step).meanRewardPerByte());
            }
            double after = meanReward(root, params, probe);
            assertThat(after).isGreaterThan(before + 0.5);
            assertThat(rewards.get(rewards.size() - 1)).isGreaterThan(rewards.get(0));
        }
    }

    /** Mean reward per byte of latents sampled from the current compressor (fixed seed). */
    private static double meanReward(NDManager root, ParameterSet params, List<byte[]> chunks) {
        int k = 4;
        List<CompressorRl.Sample> samples = CompressorRl.sample(root, params, chunks, k, new Random(1));
        List<byte[]> xs = new ArrayList<>();
        List<int[]> cs = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            xs.add(chunks.get(i / k));
            cs.add(samples.get(i).latent());
        }
        DecompressorPass.Result r = DecompressorPass.run(root, params, xs, cs, null, false);
        double total = 0;
        long bytes = 0;
        for (int i = 0; i < samples.size(); i++) {
            total -= LatentCost.bits(cs.get(i)) + r.bits()[i];
            bytes += xs.get(i).length;
        }
        return total / bytes;
    }
}
