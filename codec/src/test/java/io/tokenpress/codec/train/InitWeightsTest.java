package io.tokenpress.codec.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenpress.codec.model.ArchConfig;
import io.tokenpress.codec.model.FloatWeights;
import io.tokenpress.codec.model.ModelArtifact;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --init}: the run trains the architecture it was asked for, starting from weights that fit it. */
class InitWeightsTest {
    static {
        DjlThreads.useOne();
    }

    private static final ArchConfig TINY = LanguageModelTrainingTest.TINY;
    /** TINY with a longer window and relative-position range: no tensor shape changes. */
    private static final ArchConfig WIDE = new ArchConfig(32, 2, 64, 1, 1, 48, 8, 48, 8, 2, 1);
    /** TINY with a wider feed-forward layer: shapes change. */
    private static final ArchConfig WIDER_FFN = new ArchConfig(32, 2, 96, 1, 1, 16, 8, 16, 8, 2, 1);

    @Test
    void initWeightsTakeTheRequestedWindowAndKeepTheirValues(@TempDir Path dir) throws Exception {
        Path data = toyData(dir);
        Path first = trainFirst(dir, data);

        Path second = dir.resolve("second.tpm");
        new TrainingRun(options("second", data, WIDE, second, first).withBudget(0, 1)).run();
        ModelArtifact model = ModelArtifact.load(Files.readAllBytes(second));
        assertThat(model.config()).isEqualTo(WIDE);

        FloatWeights init;
        try (var in = Files.newInputStream(first)) {
            init = FloatWeights.read(in);
        }
        ParameterSet p = ParameterSet.fromWeights(init, WIDE, 1);
        assertThat(p.toWeights().config()).isEqualTo(WIDE);
        assertThat(p.toWeights().get("dec.embed").data()).isEqualTo(init.get("dec.embed").data());
    }

    @Test
    void initWeightsOfAnotherShapeAreRefusedNamingTheTensor(@TempDir Path dir) throws Exception {
        Path data = toyData(dir);
        Path first = trainFirst(dir, data);
        assertThatThrownBy(() -> new TrainingRun(options("second", data, WIDER_FFN, dir.resolve("x.tpm"), first)).run())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ffn")
                .hasMessageContaining("the architecture needs");
    }

    private static Path toyData(Path dir) throws Exception {
        return Files.write(dir.resolve("toy.jsonl"), LanguageModelTrainingTest.toyCorpus());
    }

    /** A few steps of TINY, written as float weights. */
    private static Path trainFirst(Path dir, Path data) throws Exception {
        Path first = dir.resolve("first.tpfw");
        new TrainingRun(options("first", data, TINY, first, null)).run();
        return first;
    }

    private static TrainingOptions options(String name, Path data, ArchConfig arch, Path out, Path init) {
        return TrainingOptions.defaults(name, data.toString(), arch)
                .withBudget(0, 3)
                .withShape(64, 2, 1e-2, 1)
                .withSchedule(4, 1000, 1000, 2)
                .withFiles(null, null, null, out, false, init);
    }
}
