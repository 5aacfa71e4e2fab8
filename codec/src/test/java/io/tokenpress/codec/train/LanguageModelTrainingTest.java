package io.tokenpress.codec.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import io.tokenpress.codec.model.ArchConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Decompressor pretraining on a toy corpus: the loss falls, checkpoints are written and resumed. */
class LanguageModelTrainingTest {
    static {
        DjlThreads.useOne();
    }

    static final ArchConfig TINY = new ArchConfig(32, 2, 64, 1, 1, 16, 8, 16, 8, 2, 1);

    static byte[] toyCorpus() {
        StringBuilder sb = new StringBuilder();
        String[] users = {"alice", "bob", "carol", "dave"};
        for (int i = 0; i < 400; i++) {
            sb.append("{\"user\":\"").append(users[i % 4]).append("\",\"n\":").append(i % 10).append("}\n");
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void lossFallsAndTrainingResumes(@TempDir Path dir) throws IOException {
        Path data = dir.resolve("toy.jsonl");
        Files.write(data, toyCorpus());
        TrainingOptions opt = TrainingOptions.defaults("toy", data.toString(), TINY)
                .withBudget(0, 40)
                .withShape(64, 4, 1e-2, 5)
                .withSchedule(3, 1000, 1000, 8)
                .withFiles(null, dir.resolve("ckpt"), dir.resolve("toy.log"), dir.resolve("toy.tpfw"), false, null);

        List<byte[]> probe = ByteCorpus.of(toyCorpus()).evenChunks(64, 8);
        double before = bitsPerByte(ParameterSet.initialise(TINY, opt.seed()), probe);

        TrainingRun.Summary s = new TrainingRun(opt).run();
        double after = bitsPerByte(ParameterSet.fromWeights(s.weights(), 0), probe);

        assertThat(before).isGreaterThan(7.0);
        assertThat(after).isLessThan(before * 0.6);
        assertThat(Files.exists(dir.resolve("toy.tpfw"))).isTrue();
        assertThat(Files.readString(dir.resolve("toy.log"))).contains("step 40 ");
        assertThat(new CheckpointStore(dir.resolve("ckpt")).steps()).containsExactly(40L);

        TrainingRun.Summary resumed = new TrainingRun(opt.withBudget(0, 45)
                .withFiles(null, dir.resolve("ckpt"), dir.resolve("toy.log"), null, true, null)).run();
        assertThat(resumed.steps()).isEqualTo(45);
        assertThat(Files.readString(dir.resolve("toy.log"))).contains("resumed").contains("step 45 ");
    }

    static double bitsPerByte(ParameterSet p, List<byte[]> chunks) {
        try (NDManager m = NDManager.newBaseManager()) {
            List<int[]> empty = new ArrayList<>();
            chunks.forEach(c -> empty.add(new int[0]));
            return DecompressorPass.run(m, p, chunks, empty, null, false).bitsPerByte();
        }
    }
}
