package io.tokenpress.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class PipelineCommandsTest {
    private record Result(int status, String stderr) {}

    private static Result run(Callable<Integer> command, String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream saved = System.err;
        try (PrintStream ps = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            System.setErr(ps);
            int status = new CommandLine(command).execute(args);
            return new Result(status, err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(saved);
        }
    }

    @Test
    void badSettingsStopEveryCommandWithOneClearLine() {
        Result run = run(new RunCommand(), "--set", "codec=gzip");
        assertThat(run.status()).isEqualTo(PipelineCommands.CANNOT_START);
        assertThat(run.stderr()).contains("tokenpress run:", "codec").doesNotContain("\tat ");

        Result replay = run(new ReplayCommand(), "--set", "replay.on.corrupt=skip");
        assertThat(replay.status()).isEqualTo(PipelineCommands.CANNOT_START);
        assertThat(replay.stderr()).contains("tokenpress replay:", "replay.on.corrupt");

        Result demo = run(new DemoCommand(), "--set", "chunk.max.records=0");
        assertThat(demo.status()).isEqualTo(PipelineCommands.CANNOT_START);
        assertThat(demo.stderr()).contains("tokenpress demo:", "chunk.max.records");
    }

    @Test
    void anInvalidOpsPortStopsRunAndReplayBeforeTheyStart() {
        Result run = run(new RunCommand(), "--set", "ops.http.port=-2");
        assertThat(run.status()).isEqualTo(PipelineCommands.CANNOT_START);
        assertThat(run.stderr()).contains("tokenpress run:", "ops.http.port");

        Result replay = run(new ReplayCommand(), "--set", "ops.http.port=70000");
        assertThat(replay.status()).isEqualTo(PipelineCommands.CANNOT_START);
        assertThat(replay.stderr()).contains("tokenpress replay:", "ops.http.port");
    }

    @Test
    void malformedOverridesAreRejected() {
        Result r = run(new RunCommand(), "--set", "no-equals-sign");
        assertThat(r.status()).isEqualTo(PipelineCommands.CANNOT_START);
        assertThat(r.stderr()).contains("key=value");
    }
}
