package io.tokenpress.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code tokenpress} command line. Each sub-command is its own class in this package. */
@Command(
        name = "tokenpress",
        mixinStandardHelpOptions = true,
        version = "tokenpress 0.1.0",
        description = "Lossless compression of Kafka topics with learned transformer models.",
        subcommands = {CommandLine.HelpCommand.class, RunCommand.class, ReplayCommand.class, DemoCommand.class, BenchCommand.class, TrainCommand.class, CompressCommand.class, DecompressCommand.class, ModelsCommand.class, RetrainCommand.class})
public final class TokenpressCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, for tests. */
    public static CommandLine commandLine() {
        return new CommandLine(new TokenpressCli());
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
