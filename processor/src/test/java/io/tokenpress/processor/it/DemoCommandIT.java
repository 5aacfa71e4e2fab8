package io.tokenpress.processor.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenpress.cli.DemoCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code tokenpress demo --json} end to end: embedded broker, processor, replay, verification. */
class DemoCommandIT {
    @TempDir
    Path dir;

    @Test
    void demoOnAFileVerifiesEveryRecordAndEndsWithJson() throws Exception {
        Path input = dir.resolve("records.txt");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 2_000; i++) {
            sb.append("2026-01-01T00:00:").append(i % 60).append(" INFO request ").append(i).append(" served in ")
                    .append(i % 97).append(" ms\n");
        }
        sb.append('\n'); // an empty record too
        Files.writeString(input, sb.toString());

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream saved = System.out;
        int status;
        try (PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            System.setOut(ps);
            status = new CommandLine(new DemoCommand()).execute("--input", input.toString(), "--partitions", "2", "--json");
        } finally {
            System.setOut(saved);
        }
        String stdout = out.toString(StandardCharsets.UTF_8);
        assertThat(status).as(stdout).isZero();
        List<String> lines = stdout.lines().toList();
        String json = lines.get(lines.size() - 1);
        assertThat(json).startsWith("{").endsWith("}")
                .contains("\"records\":2001", "\"lossless\":true", "\"codecMix\":{")
                .containsPattern("\"zstd\":[1-9]")
                .containsPattern("\"compressedBytes\":[1-9]")
                .containsPattern("\"plainBytes\":[1-9]");
        assertThat(stdout).contains("verification     OK");
    }
}
