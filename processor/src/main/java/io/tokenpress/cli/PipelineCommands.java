package io.tokenpress.cli;

import io.tokenpress.processor.app.KafkaConnection;
import io.tokenpress.processor.app.PipelineStage;
import io.tokenpress.processor.config.TokenpressConfig;
import io.tokenpress.processor.kafka.StreamsRunner;
import java.util.function.Function;

/** Runs one pipeline stage until Ctrl-C / SIGTERM or an error; shared by {@code run} and {@code replay}. */
final class PipelineCommands {
    private PipelineCommands() {}

    /** Exit status of a command that could not start: bad configuration, missing topics, no broker. */
    static final int CANNOT_START = 2;

    /** Prints a one-line reason a command cannot start and returns {@link #CANNOT_START}. */
    static int fail(String command, Exception e) {
        System.err.println("tokenpress " + command + ": " + e.getMessage());
        return CANNOT_START;
    }

    /** @return the exit status: 0 when stopped by a signal, 1 when the stage failed */
    static int runUntilStopped(TokenpressConfig config, String what, Function<TokenpressConfig, PipelineStage> start)
            throws InterruptedException {
        KafkaConnection connection = KafkaConnection.open(config);
        connection.embeddedBroker().ifPresent(b -> System.err.println(
                "embedded Kafka broker at " + b.bootstrapServers() + " (data in " + b.dataDir() + ")"));
        PipelineStage stage;
        try {
            stage = start.apply(connection.config());
        } catch (RuntimeException e) {
            connection.close();
            throw e;
        }
        Thread hook = new Thread(() -> {
            stage.close();
            connection.close();
        }, "tokenpress-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        String ops = stage.opsPort().isPresent() ? " (health and metrics on port " + stage.opsPort().getAsInt() + ")" : "";
        System.err.println("tokenpress " + what + " running" + ops + "; Ctrl-C stops it");
        StreamsRunner runner = stage.runner();
        runner.awaitStop();
        if (runner.failure() != null) {
            System.err.println("tokenpress " + what + " failed: " + StreamsRunner.rootMessage(runner.failure()));
            return 1;
        }
        return 0;
    }
}
