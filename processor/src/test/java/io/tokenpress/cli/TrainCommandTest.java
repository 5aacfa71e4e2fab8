package io.tokenpress.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenpress.codec.ChunkDecoder;
import io.tokenpress.codec.CodedBlock;
import io.tokenpress.codec.model.ModelArtifact;
import io.tokenpress.codec.neural.NeuralCodecs;
import io.tokenpress.codec.neural.NeuralOptions;
import io.tokenpress.codec.store.ModelStores;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tokenpress train}: a tiny run through the CLI, then an export of its float weights with {@code --init}. */
class TrainCommandTest {
    @TempDir
    Path dir;

    private static final String[] TINY = {"--d-model", "32", "--heads", "2", "--d-ff", "64", "--layers", "1",
        "--window", "16", "--rel-buckets", "8", "--rel-max-distance", "16", "--latent-vocab", "8", "--max-latent", "2",
        "--chunk-size", "64", "--batch", "4", "--lr", "1e-2", "--warmup", "2", "--eval-every", "1000"};

    private int run(String... args) {
        PrintStream old = System.err;
        System.setErr(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        try {
            return TokenpressCli.commandLine().execute(args);
        } finally {
            System.setErr(old);
        }
    }

    private String[] args(String... extra) {
        String[] all = new String[TINY.length + extra.length];
        System.arraycopy(extra, 0, all, 0, extra.length);
        System.arraycopy(TINY, 0, all, extra.length, TINY.length);
        return all;
    }

    @Test
    void exportsFloatWeightsWithTheirProgressAndWithoutTheCompressor() throws Exception {
        Path data = dir.resolve("toy.jsonl");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            sb.append("{\"user\":\"u").append(i % 5).append("\",\"n\":").append(i % 10).append("}\n");
        }
        Files.writeString(data, sb);
        Path checkpoints = dir.resolve("ckpt");
        Path trained = dir.resolve("trained.tpm");
        assertThat(run(args("train", "--name", "toy", "--data", data.toString(), "--steps", "6", "--phase", "all",
                "--checkpoint-dir", checkpoints.toString(), "--log", dir.resolve("train.log").toString(),
                "--out", trained.toString()))).isZero();
        Path weights = checkpoints.resolve("step-000000006.weights");
        assertThat(weights).exists();
        assertThat(checkpoints.resolve("step-000000006.state")).exists();

        Path exported = dir.resolve("exported.tpm");
        assertThat(run("train", "--name", "toy", "--data", data.toString(), "--export-only", "--init", weights.toString(),
                "--phase", "lm", "--chunk-size", "64", "--log", dir.resolve("export.log").toString(),
                "--no-match-mixing", "--out", exported.toString())).isZero();

        ModelArtifact before = ModelArtifact.load(Files.readAllBytes(trained));
        ModelArtifact after = ModelArtifact.load(Files.readAllBytes(exported));
        // train exports with match mixing unless told not to
        assertThat(before.matchMixing()).isTrue();
        assertThat(before.contextMixing()).isTrue();
        assertThat(io.tokenpress.codec.neural.MatchMixing.primer(before)).isNotEmpty();
        assertThat(before.manifest().getParentId()).isNull();
        assertThat(after.matchMixing()).isFalse();
        assertThat(before.hasCompressor()).isTrue();
        assertThat(after.hasCompressor()).isFalse();
        assertThat(after.config()).isEqualTo(before.config());
        assertThat(after.manifest().getTrainingData()).contains("steps=6");
        // the same decompressor: the same integer code length on the same calibration chunks
        assertThat(after.manifest().getMetrics().get("intBitsPerByte"))
                .isEqualTo(before.manifest().getMetrics().get("intBitsPerByte"));
        // the export decodes what it encodes
        byte[] chunk = sb.substring(0, 500).getBytes(StandardCharsets.US_ASCII);
        CodedBlock block = NeuralCodecs.encoder(after, NeuralOptions.defaults()).encode(chunk);
        ChunkDecoder decoder = NeuralCodecs.universalDecoder(ModelStores.of("the exported model", after));
        assertThat(decoder.decode(block)).isEqualTo(chunk);
    }

    @Test
    void badOptionsAreUsageErrors() throws Exception {
        Path data = dir.resolve("toy.txt");
        Files.writeString(data, "some data\n");
        String d = data.toString();
        assertThat(run("train", "--name", "x", "--data", d, "--steps", "1", "--copy-fraction", "2")).isEqualTo(2);
        assertThat(run("train", "--name", "x", "--data", d, "--steps", "1", "--phase", "pretrain")).isEqualTo(2);
        assertThat(run("train", "--name", "x", "--data", d, "--steps", "1", "--init", dir.resolve("missing.weights").toString()))
                .isEqualTo(2);
        assertThat(run("train", "--name", "x", "--data", d, "--export-only", "--init", dir.resolve("missing.weights").toString(),
                "--out", dir.resolve("x.tpm").toString())).isEqualTo(2);
        assertThat(dir.resolve("x.tpm")).doesNotExist();
        assertThat(run("train", "--name", "x", "--data", d, "--steps", "1", "--primer", "2M")).isEqualTo(2);
        assertThat(run("train", "--name", "x", "--data", d, "--steps", "1", "--primer", "lots")).isEqualTo(2);
    }

    @Test
    void exportOnlyWithoutOutputOrCheckpointIsAUsageError() {
        Path data = dir.resolve("toy.txt");
        assertThat(run("train", "--name", "none", "--data", data.toString(), "--export-only")).isEqualTo(2);
        assertThat(run("train", "--name", "none", "--data", data.toString(), "--export-only",
                "--checkpoint-dir", dir.resolve("empty").toString(), "--out", dir.resolve("x.tpm").toString())).isEqualTo(2);
    }
}
