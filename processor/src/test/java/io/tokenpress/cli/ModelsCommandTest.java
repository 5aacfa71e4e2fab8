package io.tokenpress.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenpress.codec.model.ModelArtifact;
import io.tokenpress.processor.models.FileActivePointer;
import io.tokenpress.processor.models.TestModels;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tokenpress models add|list|show|promote} on a local model directory (no Kafka). */
class ModelsCommandTest {
    @TempDir
    Path dir;

    private String run(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            int rc = TokenpressCli.commandLine().execute(args);
            assertThat(rc).as("exit status of %s", String.join(" ", args)).isZero();
        } finally {
            System.setOut(old);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void addListShowAndPromote() throws Exception {
        Path models = dir.resolve("models");
        byte[] v1 = TestModels.export(TestModels.unigram(TestModels.PLAIN, "acgt", 2f), "dna", null, "acgt");
        String id1 = ModelArtifact.load(v1).id();
        byte[] v2 = TestModels.export(TestModels.unigram(TestModels.PLAIN, "acgt", 3f), "dna", id1, "acgt");
        String id2 = ModelArtifact.load(v2).id();
        Files.write(dir.resolve("v1.tpm"), v1);
        Files.write(dir.resolve("v2.tpm"), v2);
        String set = "models.dir=" + models;

        assertThat(run("models", "add", dir.resolve("v1.tpm").toString(), "--set", set)).contains("added " + id1);
        assertThat(run("models", "add", dir.resolve("v2.tpm").toString(), "--set", set)).contains("added " + id2);
        assertThat(run("models", "promote", id2, "--set", set)).contains("promoted " + id2);
        assertThat(Files.readString(models.resolve(FileActivePointer.FILE_NAME)).trim()).isEqualTo(id2);

        String list = run("models", "list", "--set", set);
        assertThat(list).contains(id1.substring(0, 16)).contains(id2.substring(0, 16));
        String v2Line = list.lines().filter(l -> l.contains(id2.substring(0, 16))).findFirst().orElseThrow();
        assertThat(v2Line).startsWith("*").contains(id1.substring(0, 16)); // active, with its parent
        assertThat(list).contains("active (*): " + id2.substring(0, 16));

        String show = run("models", "show", id2.substring(0, 16), "--set", set);
        assertThat(show).contains("id:           " + id2).contains("parent:       " + id1).contains("active:       true")
                .contains("intBitsPerByte");
    }

    @Test
    void mixWritesAChildThatMixesMatchesAndDecodesItsOwnChunks() throws Exception {
        byte[] base = TestModels.export(TestModels.unigram(TestModels.PLAIN, "acgt", 2f), "dna", null, "acgt");
        String baseId = ModelArtifact.load(base).id();
        Files.write(dir.resolve("base.tpm"), base);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 400; i++) {
            sb.append("gattaca").append("acgt".charAt(i % 4)).append("cat");
        }
        Path sample = dir.resolve("sample.txt");
        Files.writeString(sample, sb);
        Path out = dir.resolve("mixed.tpm");
        String printed = run("models", "mix", dir.resolve("base.tpm").toString(), "--data", sample.toString(), "--chunk-size", "1024",
                "--out", out.toString(), "--set", "models.dir=" + dir.resolve("models"));
        ModelArtifact mixed = ModelArtifact.load(Files.readAllBytes(out));
        assertThat(printed).contains("bits/byte").contains(mixed.id());
        assertThat(mixed.matchMixing()).isTrue();
        assertThat(mixed.contextMixing()).as("context mixing by default").isTrue();
        assertThat(mixed.mixing()).as("with line contexts by default").isEqualTo(io.tokenpress.codec.model.Mixing.LINES);
        assertThat(printed).contains("match and context mixing with line contexts");
        // with a primer of the sample data (here all of it: less than the default 64K)
        assertThat(io.tokenpress.codec.neural.MatchMixing.primer(mixed)).hasSize(sb.length());
        assertThat(mixed.manifest().getParentId()).isEqualTo(baseId);
        // a repetitive chunk costs far less with the matches than the unigram model alone
        assertThat(mixed.manifest().getMetrics().get("matchFitMixedBitsPerByte"))
                .isLessThan(mixed.manifest().getMetrics().get("matchFitModelBitsPerByte") / 4);
        byte[] chunk = sb.substring(0, 2000).getBytes(StandardCharsets.US_ASCII);
        io.tokenpress.codec.CodedBlock block = io.tokenpress.codec.neural.NeuralCodecs.encoder(mixed,
                io.tokenpress.codec.neural.NeuralOptions.defaults()).encode(chunk);
        assertThat(block.codec()).isEqualTo(io.tokenpress.schema.CodecKind.NEURAL);
        assertThat(io.tokenpress.codec.neural.NeuralCodecs.universalDecoder(
                io.tokenpress.codec.store.ModelStores.of("mixed", mixed)).decode(block)).isEqualTo(chunk);

        Path matchOnly = dir.resolve("match-only.tpm");
        run("models", "mix", dir.resolve("base.tpm").toString(), "--data", sample.toString(), "--chunk-size", "1024",
                "--no-context-mixing", "--out", matchOnly.toString(), "--set", "models.dir=" + dir.resolve("models"));
        ModelArtifact plainMix = ModelArtifact.load(Files.readAllBytes(matchOnly));
        assertThat(plainMix.matchMixing()).isTrue();
        assertThat(plainMix.contextMixing()).isFalse();
        assertThat(plainMix.manifest().getQuantization()).isEqualTo(ModelArtifact.QUANTIZATION_MATCH_MIXING);
        // of the same base, the context-mixing model is the newer one: the name resolves to it
        assertThat(mixed.manifest().getCreatedAt()).isGreaterThan(plainMix.manifest().getCreatedAt());

        Path unprimed = dir.resolve("unprimed.tpm");
        run("models", "mix", dir.resolve("base.tpm").toString(), "--data", sample.toString(), "--chunk-size", "1024",
                "--primer", "0", "--out", unprimed.toString(), "--set", "models.dir=" + dir.resolve("models"));
        ModelArtifact noPrimer = ModelArtifact.load(Files.readAllBytes(unprimed));
        assertThat(noPrimer.contextMixing()).isTrue();
        assertThat(io.tokenpress.codec.neural.MatchMixing.primer(noPrimer)).isEmpty();
        assertThat(noPrimer.id()).isNotEqualTo(mixed.id());

        Path unlined = dir.resolve("unlined.tpm");
        String said = run("models", "mix", dir.resolve("base.tpm").toString(), "--data", sample.toString(), "--chunk-size", "1024",
                "--no-line-contexts", "--out", unlined.toString(), "--set", "models.dir=" + dir.resolve("models"));
        ModelArtifact noLines = ModelArtifact.load(Files.readAllBytes(unlined));
        assertThat(noLines.manifest().getQuantization()).isEqualTo(ModelArtifact.QUANTIZATION_CONTEXT_MIXING);
        assertThat(said).contains("match and context mixing,").doesNotContain("line contexts");
        assertThat(io.tokenpress.codec.neural.MatchMixing.primer(noLines)).isEqualTo(io.tokenpress.codec.neural.MatchMixing.primer(mixed));
        // of the same base, the line-context model is the newest: the name resolves to it
        assertThat(mixed.manifest().getCreatedAt()).isGreaterThan(noLines.manifest().getCreatedAt());
    }
}
