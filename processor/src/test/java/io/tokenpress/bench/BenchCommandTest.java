package io.tokenpress.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tokenpress.cli.BenchCommand;
import io.tokenpress.cli.TokenpressCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code tokenpress bench} end to end, on small generated files (single pass: no timing assertions). */
class BenchCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = new CommandLine(new BenchCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void isRegisteredInTheCommandLine() {
        assertThat(TokenpressCli.commandLine().getSubcommands()).containsKey("bench");
    }

    @Test
    void jsonModeMeasuresEveryBaselineOnTheSecondHalf(@TempDir Path dir) throws Exception {
        Path input = Files.write(dir.resolve("in.jsonl"), SampleData.text(200_000, 1));
        int status = run("--input", input.toString(), "--chunk-size", "4K,16K", "--max-bytes", "150K",
                "--json", "--quick", "--no-neural");

        assertThat(status).as(err.toString()).isZero();
        List<JsonNode> lines = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : out.toString().split("\n")) {
            lines.add(json.readTree(line));
        }
        List<String> expected = new ArrayList<>(List.of("gzip-9", "xz-9", "zstd-3", "zstd-19", "zstd-19+dict"));
        if (BrotliCodec.unavailableReason().isEmpty()) {
            expected.add("brotli-11");
        }
        expected.add("lz4");
        assertThat(lines).hasSize(2 * expected.size());
        assertThat(lines.subList(0, expected.size())).extracting(n -> n.get("codec").asText()).containsExactlyElementsOf(expected);
        for (JsonNode n : lines) {
            assertThat(n.get("roundTrip").asBoolean()).isTrue();
            assertThat(n.get("originalBytes").asLong()).isEqualTo(150 * 1024 / 2); // the second half only
            assertThat(n.get("ratio").asDouble())
                    .isEqualTo((double) n.get("originalBytes").asLong() / n.get("compressedBytes").asLong(),
                            org.assertj.core.api.Assertions.within(1e-5 * n.get("ratio").asDouble()));
            assertThat(n.get("chunkSize").asInt()).isIn(4096, 16384);
        }
    }

    @Test
    void tableModeWithADictionaryFileMeasuresTheWholeInput(@TempDir Path dir) throws Exception {
        Path input = Files.write(dir.resolve("in.txt"), SampleData.text(40_000, 2));
        Path train = Files.write(dir.resolve("train.txt"), SampleData.text(200_000, 3));
        int status = run("--input", input.toString(), "--train-dict", train.toString(), "--chunk-size", "8192",
                "--quick", "--model", "no-such-model");

        assertThat(status).as(err.toString()).isZero();
        assertThat(out.toString())
                .contains("chunk size 8192 bytes (5 chunks, 40000 bytes)")
                .contains("zstd-19+dict")
                .contains("tokenpress:no-such-model: not measured:");
        assertThat(out.toString().lines().filter(l -> l.startsWith("lz4")).findFirst().orElseThrow()).endsWith("ok");
    }

    @Test
    void recordModeReportsRatiosPerBucket(@TempDir Path dir) throws Exception {
        StringBuilder sb = new StringBuilder();
        SampleData.records(600, 4).forEach(r -> sb.append(new String(r, java.nio.charset.StandardCharsets.UTF_8)).append('\n'));
        Path input = Files.writeString(dir.resolve("records.jsonl"), sb);
        int status = run("--input", input.toString(), "--records", "--buckets", "128,512", "--quick", "--json", "--no-neural");

        assertThat(status).as(err.toString()).isZero();
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.toString().split("\n")) {
            lines.add(json.readTree(line));
        }
        assertThat(lines).extracting(n -> n.get("codec").asText()).contains("envelope+zstd-19", "zstd-3", "zstd-19", "zstd-19+dict");
        assertThat(lines).allSatisfy(n -> {
            assertThat(n.get("mode").asText()).isEqualTo("records");
            assertThat(n.get("bucket").asText()).isIn("<=128", "<=512", ">512", "all");
            assertThat(n.get("roundTrip").asBoolean()).isTrue();
        });
        assertThat(lines).filteredOn(n -> n.get("bucket").asText().equals("all"))
                .allSatisfy(n -> assertThat(n.get("records").asInt()).isEqualTo(300));
    }

    @Test
    void jobsChangeNoSizeOrRoundTripAndAreStatedInTheOutput(@TempDir Path dir) throws Exception {
        Path input = Files.write(dir.resolve("in.jsonl"), SampleData.text(100_000, 6));
        List<JsonNode> one = jsonLines(run("--input", input.toString(), "--chunk-size", "2K", "--json", "--quick",
                "--no-neural"));
        List<JsonNode> two = jsonLines(run("--input", input.toString(), "--chunk-size", "2K", "--json", "--quick",
                "--no-neural", "--jobs", "2"));

        assertThat(one).extracting(n -> n.get("jobs").asInt()).containsOnly(1);
        assertThat(two).extracting(n -> n.get("jobs").asInt()).containsOnly(2);
        assertThat(two).extracting(n -> n.get("codec").asText() + " " + n.get("compressedBytes").asLong()
                        + " " + n.get("roundTrip").asBoolean())
                .containsExactlyElementsOf(one.stream().map(n -> n.get("codec").asText() + " "
                        + n.get("compressedBytes").asLong() + " true").toList());

        assertThat(run("--input", input.toString(), "--chunk-size", "2K", "--quick", "--no-neural", "--jobs", "2"))
                .as(err.toString()).isZero();
        assertThat(out.toString().lines().findFirst().orElseThrow()).startsWith("jobs 2");
        assertThat(run("--input", input.toString(), "--no-neural", "--jobs", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--jobs must be at least 1");
    }

    /** The JSON lines printed by a run that must have succeeded; clears the output for the next run. */
    private List<JsonNode> jsonLines(int status) throws Exception {
        assertThat(status).as(err.toString()).isZero();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.toString().split("\n")) {
            lines.add(new ObjectMapper().readTree(line));
        }
        out.getBuffer().setLength(0);
        return lines;
    }

    @Test
    void badInputIsAClearErrorWithStatus2(@TempDir Path dir) {
        assertThat(run("--input", dir.resolve("missing").toString(), "--no-neural")).isEqualTo(2);
        assertThat(err.toString()).contains("no such file");
        assertThat(run("--input", dir.toString(), "--chunk-size", "lots", "--no-neural")).isEqualTo(2);
        assertThat(err.toString()).contains("not a byte count");
    }

    @Test
    void withoutModelOptionsTheBundledModelIsMeasuredFirst(@TempDir Path dir) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(NeuralCodecFactory.defaultModels().isEmpty(), "no bundled model");
        Path input = Files.write(dir.resolve("in.jsonl"), SampleData.text(4096, 5));
        int status = run("--input", input.toString(), "--chunk-size", "1K", "--quick", "--json", "--max-proposal-bytes", "0");

        assertThat(status).as(err.toString()).isZero();
        JsonNode first = new ObjectMapper().readTree(out.toString().lines().findFirst().orElseThrow());
        assertThat(first.get("codec").asText()).startsWith("tokenpress:");
        assertThat(first.get("roundTrip").asBoolean()).isTrue();
        assertThat(first.get("chunks").asInt()).isEqualTo(2);
    }
}
