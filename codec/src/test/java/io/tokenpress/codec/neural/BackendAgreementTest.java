package io.tokenpress.codec.neural;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenpress.codec.model.ArchConfig;
import io.tokenpress.codec.model.IntegerRecipe;
import io.tokenpress.codec.model.ModelArtifact;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Teacher-forced vs incremental evaluation, and 1 vs N threads, give identical tables. */
class BackendAgreementTest {

    static Stream<ArchConfig> shapes() {
        return Stream.of(TestModels.TINY, TestModels.NO_LATENT, TestModels.WIDE);
    }

    static int[] latentFor(ArchConfig cfg, Random rnd) {
        if (cfg.encoderLayers() == 0 || cfg.latentVocab() == 0 || rnd.nextBoolean()) {
            return new int[0];
        }
        int[] c = new int[1 + rnd.nextInt(Math.max(1, cfg.maxLatent()))];
        for (int i = 0; i < c.length; i++) {
            c[i] = rnd.nextInt(cfg.latentVocab());
        }
        return c;
    }

    static byte[] randomData(Random rnd, int n) {
        byte[] b = new byte[n];
        if (rnd.nextBoolean()) {
            rnd.nextBytes(b);
        } else {
            for (int i = 0; i < n; i++) {
                b[i] = TestModels.SAMPLE[(i + rnd.nextInt(3)) % TestModels.SAMPLE.length];
            }
        }
        return b;
    }

    static List<int[]> teacherForced(DecompressorBackend b, int[] latent, byte[] data) {
        List<int[]> out = new ArrayList<>();
        b.evaluate(latent, data, (t, cum) -> {
            assertThat(t).isEqualTo(out.size());
            out.add(cum.clone());
        });
        return out;
    }

    static List<int[]> incremental(DecompressorBackend b, int[] latent, byte[] data) {
        List<int[]> out = new ArrayList<>();
        try (DecompressorBackend.Session s = b.open(latent)) {
            for (int t = 0; t < data.length; t++) {
                out.add(s.next(t == 0 ? ArchConfig.BOS : data[t - 1] & 0xFF).clone());
            }
        }
        return out;
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void teacherForcedEqualsIncremental(ArchConfig cfg) {
        ModelArtifact m = TestModels.model(cfg);
        Random rnd = new Random(cfg.hashCode());
        try (DecompressorBackend b = new JavaDecompressorBackend(m)) {
            for (int i = 0; i < 12; i++) {
                byte[] data = randomData(rnd, 1 + rnd.nextInt(150));
                int[] latent = latentFor(cfg, rnd);
                List<int[]> tf = teacherForced(b, latent, data);
                List<int[]> inc = incremental(b, latent, data);
                assertThat(tf).hasSize(data.length);
                for (int t = 0; t < data.length; t++) {
                    assertThat(inc.get(t)).as("position %d", t).isEqualTo(tf.get(t));
                    assertValidTable(tf.get(t));
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void oneAndTwoThreadsAgree(ArchConfig cfg) {
        ModelArtifact m = TestModels.model(cfg);
        Random rnd = new Random(7 + cfg.hashCode());
        try (DecompressorBackend one = new JavaDecompressorBackend(m, 1);
                DecompressorBackend two = new JavaDecompressorBackend(m, 2)) {
            for (int i = 0; i < 6; i++) {
                byte[] data = randomData(rnd, 1 + rnd.nextInt(300));
                int[] latent = latentFor(cfg, rnd);
                List<int[]> a = teacherForced(one, latent, data);
                List<int[]> b = teacherForced(two, latent, data);
                for (int t = 0; t < data.length; t++) {
                    assertThat(b.get(t)).isEqualTo(a.get(t));
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void batchOfChunksOnTwoThreadsEqualsOneByOne(ArchConfig cfg) {
        ModelArtifact m = TestModels.model(cfg);
        Random rnd = new Random(99 + cfg.hashCode());
        List<int[]> latents = new ArrayList<>();
        List<byte[]> chunks = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            latents.add(latentFor(cfg, rnd));
            chunks.add(randomData(rnd, rnd.nextInt(120)));
        }
        try (DecompressorBackend one = new JavaDecompressorBackend(m, 1);
                DecompressorBackend two = new JavaDecompressorBackend(m, 2)) {
            List<List<int[]>> got = new ArrayList<>();
            for (int i = 0; i < chunks.size(); i++) {
                got.add(new ArrayList<>());
            }
            two.evaluateBatch(latents, chunks, (c, t, cum) -> {
                assertThat(t).isEqualTo(got.get(c).size());
                got.get(c).add(cum.clone());
            });
            for (int i = 0; i < chunks.size(); i++) {
                List<int[]> expected = teacherForced(one, latents.get(i), chunks.get(i));
                assertThat(got.get(i)).hasSize(expected.size());
                for (int t = 0; t < expected.size(); t++) {
                    assertThat(got.get(i).get(t)).isEqualTo(expected.get(t));
                }
            }
        }
    }

    static void assertValidTable(int[] cum) {
        assertThat(cum).hasSize(257);
        assertThat(cum[0]).isZero();
        assertThat(cum[256]).isEqualTo(IntegerRecipe.FREQ_TOTAL);
        for (int s = 0; s < 256; s++) {
            assertThat(cum[s + 1] - cum[s]).isPositive();
        }
    }
}
