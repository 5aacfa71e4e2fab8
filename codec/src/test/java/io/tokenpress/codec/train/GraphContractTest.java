package io.tokenpress.codec.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import io.tokenpress.codec.model.ArchConfig;
import io.tokenpress.codec.model.FloatCompressor;
import io.tokenpress.codec.model.FloatReference;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The DJL training graph computes the forward pass of codec/MODEL.md: its code lengths equal those of
 * the plain-Java float reference (which the exporter calibrates on), for sequences spanning several
 * attention windows, with and without a latent.
 */
class GraphContractTest {
    static {
        DjlThreads.useOne();
    }

    private static final ArchConfig CFG = new ArchConfig(32, 2, 48, 1, 2, 8, 8, 16, 8, 3, 1);

    @Test
    void decompressorMatchesTheFloatReference() {
        ParameterSet params = ParameterSet.initialise(CFG, 7);
        perturbNormsAndBiases(params);
        Random rnd = new Random(3);
        byte[] a = new byte[29]; // four windows of 8, the last one padded
        byte[] b = new byte[17];
        rnd.nextBytes(a);
        rnd.nextBytes(b);
        FloatReference ref = new FloatReference(params.toWeights());
        try (NDManager m = NDManager.newBaseManager()) {
            DecompressorPass.Result empty = DecompressorPass.run(m, params, List.of(a, b), List.of(new int[0], new int[0]), null, false);
            assertThat(empty.bits()[0]).isCloseTo(ref.bits(new int[0], a), within(1e-3 * a.length));
            assertThat(empty.bits()[1]).isCloseTo(ref.bits(new int[0], b), within(1e-3 * b.length));

            int[] c = {5, 0, 7};
            DecompressorPass.Result mixed = DecompressorPass.run(m, params, List.of(a, b), List.of(c, new int[0]), null, false);
            assertThat(mixed.bits()[0]).isCloseTo(ref.bits(c, a), within(1e-3 * a.length));
            assertThat(mixed.bits()[1]).isCloseTo(ref.bits(new int[0], b), within(1e-3 * b.length));
            assertThat(Math.abs(mixed.bits()[0] - empty.bits()[0])).as("the latent changes the prediction").isGreaterThan(1e-3);
        }
    }

    @Test
    void compressorGreedyLatentMatchesTheRuntimeCompressor() {
        ParameterSet params = ParameterSet.initialise(CFG, 5);
        perturbNormsAndBiases(params);
        FloatCompressor runtime = new FloatCompressor(params.toWeights());
        Random rnd = new Random(8);
        try (NDManager m = NDManager.newBaseManager()) {
            for (int i = 0; i < 3; i++) {
                byte[] x = new byte[20 + 7 * i];
                rnd.nextBytes(x);
                int[] greedy = CompressorRl.sample(m, params, List.of(x), 1, null).get(0).latent();
                List<int[]> proposed = runtime.propose(x, 0, 0);
                if (greedy.length == 0) {
                    assertThat(proposed).isEmpty();
                } else {
                    assertThat(proposed).hasSize(1);
                    assertThat(proposed.get(0)).containsExactly(greedy);
                }
            }
        }
    }

    @Test
    void trainingGradientsCoverEveryUsedTensor() {
        ParameterSet params = ParameterSet.initialise(CFG, 1);
        byte[] x = "hello hello hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        try (NDManager m = NDManager.newBaseManager()) {
            DecompressorPass.Result r = DecompressorPass.run(m, params, List.of(x, x), List.of(new int[] {1, 2}, new int[0]), null, true);
            assertThat(r.grads().keySet()).allMatch(n -> n.startsWith("dec.") || n.startsWith("enc."));
            assertThat(r.grads()).containsKeys("enc.embed", "dec.0.cross.q", "dec.embed", "dec.out");
            assertThat(AdamOptimizer.norm(r.grads())).isGreaterThan(0);
        }
    }

    /** Fresh norms are 1 and biases 0; make them matter so the comparison tests their wiring. */
    private static void perturbNormsAndBiases(ParameterSet params) {
        Random rnd = new Random(11);
        for (String n : params.names()) {
            if (n.endsWith("norm") || n.endsWith("relbias")) {
                float[] v = params.values(n);
                for (int i = 0; i < v.length; i++) {
                    v[i] += (float) (rnd.nextGaussian() * 0.5);
                }
            }
        }
    }
}
