package io.tokenpress.codec.neural.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenpress.codec.Checksums;
import io.tokenpress.codec.CodedBlock;
import io.tokenpress.codec.arith.ArithmeticEncoder;
import io.tokenpress.codec.model.ArchConfig;
import io.tokenpress.codec.model.IntegerRecipe;
import io.tokenpress.codec.model.ModelArtifact;
import io.tokenpress.codec.neural.Backends;
import io.tokenpress.codec.neural.DecompressorBackend;
import io.tokenpress.codec.neural.JavaDecompressorBackend;
import io.tokenpress.codec.neural.NeuralCodecs;
import io.tokenpress.codec.neural.TestModels;
import io.tokenpress.codec.store.ModelSource;
import io.tokenpress.codec.store.ModelStores;
import io.tokenpress.schema.CodecKind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@code djl} backend against the {@code java} reference: bit-identical cumulative tables on thousands
 * of random chunks and latents over several model shapes; teacher-forced vs incremental; 1 vs 2 threads;
 * batched vs one by one.
 */
class DjlBackendTest {

    /** More heads (dh = 8) and a window much shorter than the chunks. */
    static final ArchConfig MANY_HEADS = new ArchConfig(64, 8, 96, 1, 1, 8, 8, 16, 12, 6, 0);

    /** Window far longer than any chunk, two encoder layers, dFF above one GEMM block (K = 1100 > 1024). */
    static final ArchConfig LONG_WINDOW = new ArchConfig(32, 4, 1100, 2, 1, 1024, 16, 256, 8, 5, 0);

    /** Window of one: every position attends to itself only. */
    static final ArchConfig WINDOW_ONE = new ArchConfig(16, 1, 32, 0, 1, 1, 4, 8, 0, 0, 0);

    static Stream<ArchConfig> shapes() {
        return Stream.of(TestModels.TINY, TestModels.NO_LATENT, TestModels.WIDE, MANY_HEADS, LONG_WINDOW, WINDOW_ONE);
    }

    static int[] latentFor(ArchConfig cfg, Random rnd) {
        if (cfg.encoderLayers() == 0 || cfg.latentVocab() == 0 || rnd.nextInt(3) == 0) {
            return new int[0];
        }
        int[] c = new int[1 + rnd.nextInt(Math.max(1, cfg.maxLatent()))];
        for (int i = 0; i < c.length; i++) {
            c[i] = rnd.nextInt(cfg.latentVocab());
        }
        return c;
    }

    /** Random bytes, text-like bytes, or long runs; lengths up to {@code max}. */
    static byte[] randomData(Random rnd, int max) {
        byte[] b = new byte[1 + rnd.nextInt(max)];
        switch (rnd.nextInt(3)) {
            case 0 -> rnd.nextBytes(b);
            case 1 -> {
                for (int i = 0; i < b.length; i++) {
                    b[i] = TestModels.SAMPLE[(i + rnd.nextInt(3)) % TestModels.SAMPLE.length];
                }
            }
            default -> java.util.Arrays.fill(b, (byte) rnd.nextInt(256));
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

    static List<List<int[]>> batched(DecompressorBackend b, List<int[]> latents, List<byte[]> chunks) {
        List<List<int[]>> out = new ArrayList<>();
        chunks.forEach(c -> out.add(new ArrayList<>()));
        b.evaluateBatch(latents, chunks, (c, t, cum) -> {
            assertThat(t).as("chunk %d in order", c).isEqualTo(out.get(c).size());
            out.get(c).add(cum.clone());
        });
        return out;
    }

    static List<int[]> incremental(DecompressorBackend b, int[] latent, byte[] data) {
        List<int[]> out = new ArrayList<>();
        try (DecompressorBackend.Session s = b.open(latent)) {
            for (int t = 0; t < data.length; t++) {
                out.add(s.next(t == 0 ? ArchConfig.BOS : data[t - 1] & 0xFF).clone());
                assertThat(s.position()).isEqualTo(t + 1);
            }
        }
        return out;
    }

    static void assertSameTables(List<int[]> actual, List<int[]> expected, String what) {
        assertThat(actual).as(what + ": positions").hasSize(expected.size());
        for (int t = 0; t < expected.size(); t++) {
            assertThat(actual.get(t)).as("%s, position %d", what, t).isEqualTo(expected.get(t));
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

    @Test
    void registeredThroughServiceLoaderAndRunsOffline() {
        assertThat(System.getProperty("ai.djl.offline")).isEqualTo("true");
        try (DecompressorBackend b = Backends.create("djl", TestModels.model(TestModels.TINY), 1)) {
            assertThat(b).isInstanceOf(DjlDecompressorBackend.class);
            assertThat(b.name()).isEqualTo("djl");
            List<int[]> tables = teacherForced(b, new int[0], TestModels.SAMPLE);
            assertThat(tables).hasSize(TestModels.SAMPLE.length);
            tables.forEach(DjlBackendTest::assertValidTable);
        }
    }

    /** 2,040 random chunks (about 90,000 positions) over six shapes, evaluated in batches. */
    @ParameterizedTest
    @MethodSource("shapes")
    void bitIdenticalToJavaOnRandomChunks(ArchConfig cfg) {
        ModelArtifact m = TestModels.model(cfg);
        Random rnd = new Random(31L * cfg.hashCode());
        List<int[]> latents = new ArrayList<>();
        List<byte[]> chunks = new ArrayList<>();
        for (int i = 0; i < 340; i++) {
            latents.add(latentFor(cfg, rnd));
            chunks.add(randomData(rnd, i % 17 == 0 ? 600 : 100));
        }
        try (DecompressorBackend java = new JavaDecompressorBackend(m);
                DecompressorBackend djl = new DjlDecompressorBackend(m, 1)) {
            List<List<int[]>> got = batched(djl, latents, chunks);
            for (int i = 0; i < chunks.size(); i++) {
                List<int[]> want = teacherForced(java, latents.get(i), chunks.get(i));
                assertSameTables(got.get(i), want, "chunk " + i);
            }
            got.get(0).forEach(DjlBackendTest::assertValidTable);
        }
    }

    /** The GPU form of P·V (probabilities split into two factors below 2^8) gives the same tables. */
    @Test
    void splitProbabilityProductIsExact() {
        ModelArtifact m = TestModels.model(TestModels.WIDE);
        Random rnd = new Random(5);
        List<int[]> latents = new ArrayList<>();
        List<byte[]> chunks = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            latents.add(latentFor(TestModels.WIDE, rnd));
            chunks.add(randomData(rnd, 300));
        }
        try (DecompressorBackend java = new JavaDecompressorBackend(m);
                DecompressorBackend split = new DjlDecompressorBackend(m, 1, 1, true)) {
            List<List<int[]>> got = batched(split, latents, chunks);
            for (int i = 0; i < chunks.size(); i++) {
                assertSameTables(got.get(i), teacherForced(java, latents.get(i), chunks.get(i)), "chunk " + i);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void teacherForcedEqualsIncremental(ArchConfig cfg) {
        ModelArtifact m = TestModels.model(cfg);
        Random rnd = new Random(17L + cfg.hashCode());
        try (DecompressorBackend djl = new DjlDecompressorBackend(m, 1)) {
            for (int i = 0; i < 2; i++) {
                byte[] data = randomData(rnd, 40);
                int[] latent = latentFor(cfg, rnd);
                assertSameTables(incremental(djl, latent, data), teacherForced(djl, latent, data), "incremental");
            }
        }
    }

    /** Beyond the window and across teacher-forced tiles: a chunk longer than one tile of 256 positions. */
    @Test
    void incrementalAcrossTilesAndWindow() {
        ArchConfig cfg = MANY_HEADS;
        ModelArtifact m = TestModels.model(cfg);
        byte[] data = new byte[300];
        for (int i = 0; i < data.length; i++) {
            data[i] = TestModels.SAMPLE[i % TestModels.SAMPLE.length];
        }
        int[] latent = {1, 2, 3};
        try (DecompressorBackend djl = new DjlDecompressorBackend(m, 1);
                DecompressorBackend java = new JavaDecompressorBackend(m)) {
            List<int[]> tf = teacherForced(djl, latent, data);
            assertSameTables(tf, teacherForced(java, latent, data), "djl vs java");
            assertSameTables(incremental(djl, latent, data), tf, "incremental vs teacher-forced");
        }
    }

    @Test
    void oneAndTwoThreadsAgree() {
        ModelArtifact m = TestModels.model(TestModels.TINY);
        Random rnd = new Random(11);
        List<int[]> latents = new ArrayList<>();
        List<byte[]> chunks = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            latents.add(latentFor(TestModels.TINY, rnd));
            chunks.add(randomData(rnd, 300));
        }
        try (DecompressorBackend one = new DjlDecompressorBackend(m, 1, 1, null);
                DecompressorBackend two = new DjlDecompressorBackend(m, 2, 1, null);
                DecompressorBackend twoIntraOp = new DjlDecompressorBackend(m, 1, 2, null)) {
            List<List<int[]>> a = batched(one, latents, chunks);
            List<List<int[]>> b = batched(two, latents, chunks);
            List<List<int[]>> c = batched(twoIntraOp, latents, chunks);
            for (int i = 0; i < chunks.size(); i++) {
                assertSameTables(b.get(i), a.get(i), "2 worker threads, chunk " + i);
                assertSameTables(c.get(i), a.get(i), "2 PyTorch intra-op threads, chunk " + i);
            }
        }
    }

    @Test
    void batchedEqualsOneByOne() {
        ModelArtifact m = TestModels.model(TestModels.WIDE);
        Random rnd = new Random(23);
        List<int[]> latents = new ArrayList<>();
        List<byte[]> chunks = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            latents.add(latentFor(TestModels.WIDE, rnd));
            chunks.add(i % 7 == 3 ? new byte[0] : randomData(rnd, i % 5 == 0 ? 600 : 90));
        }
        try (DecompressorBackend djl = new DjlDecompressorBackend(m, 1)) {
            List<List<int[]>> all = batched(djl, latents, chunks);
            for (int i = 0; i < chunks.size(); i++) {
                assertSameTables(all.get(i), teacherForced(djl, latents.get(i), chunks.get(i)), "chunk " + i);
            }
        }
    }

    /** Evaluations release their native arrays; a long session's KV cache stays bounded by the window. */
    @Test
    void releasesNativeMemory() {
        ModelArtifact m = TestModels.model(TestModels.TINY);
        try (DjlDecompressorBackend djl = new DjlDecompressorBackend(m, 1)) {
            int base = djl.liveArrays();
            djl.evaluateBatch(List.of(new int[] {1, 2}, new int[0]), List.of(new byte[300], new byte[40]), (c, t, cum) -> {});
            assertThat(djl.liveArrays()).isEqualTo(base);
            try (DecompressorBackend.Session s = djl.open(new int[] {5})) {
                for (int t = 0; t < 5; t++) {
                    s.next(t == 0 ? ArchConfig.BOS : 'a');
                }
                int running = djl.liveArrays();
                assertThat(running).as("the session's cache and latent keys are counted").isGreaterThan(base);
                for (int t = 0; t < 3 * TestModels.TINY.window(); t++) {
                    s.next('b');
                }
                assertThat(djl.liveArrays()).isEqualTo(running);
            }
            assertThat(djl.liveArrays()).isEqualTo(base);
            assertThatThrownBy(() -> djl.evaluate(new int[] {99}, new byte[3], (t, c) -> {}))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(djl.liveArrays()).isEqualTo(base);
        }
    }

    @Test
    void rejectsInvalidLatents() {
        try (DecompressorBackend plain = new DjlDecompressorBackend(TestModels.model(TestModels.NO_LATENT), 1);
                DecompressorBackend tiny = new DjlDecompressorBackend(TestModels.model(TestModels.TINY), 1)) {
            assertThatThrownBy(() -> plain.evaluate(new int[] {1}, new byte[] {1, 2}, (t, c) -> {}))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("no latent encoder");
            assertThatThrownBy(() -> tiny.open(new int[] {TestModels.TINY.latentVocab()}))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("latent token out of range");
            assertThatThrownBy(() -> tiny.evaluateBatch(List.of(new int[0]), List.of(), (c, t, cum) -> {}))
                    .isInstanceOf(IllegalArgumentException.class);
            try (DecompressorBackend.Session s = tiny.open(new int[0])) {
                assertThatThrownBy(() -> s.next(257)).isInstanceOf(IllegalArgumentException.class);
            }
        }
    }

    /** A chunk coded with the djl engine decodes with the java engine and with the djl engine. */
    @Test
    void codesAcrossEngines() {
        ModelArtifact m = TestModels.model(TestModels.TINY);
        ModelSource source = ModelStores.of("test", m);
        byte[] data = "{\"user\":\"alice\",\"action\":\"login\",\"ok\":true,\"ms\":42}\n".repeat(3)
                .getBytes(StandardCharsets.US_ASCII);
        int[] latent = {3, 1, 4};
        try (DecompressorBackend djl = Backends.create("djl", m, 1)) {
            ArithmeticEncoder coder = new ArithmeticEncoder();
            djl.evaluate(latent, data, (t, cum) -> {
                int s = data[t] & 0xFF;
                coder.encode(cum[s], cum[s + 1], cum[256]);
            });
            CodedBlock block = new CodedBlock(CodecKind.NEURAL, m.shortId(), latent, coder.finish(), data.length,
                    Checksums.crc32c(data));
            assertThat(NeuralCodecs.decoder(source, "java", 1).decodeNeural(block)).isEqualTo(data);
            assertThat(NeuralCodecs.decoder(source, "djl", 1).decodeNeural(block)).isEqualTo(data);
        }
    }
}
