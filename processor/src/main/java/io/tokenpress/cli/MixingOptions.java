package io.tokenpress.cli;

import io.tokenpress.bench.ByteSizes;
import io.tokenpress.codec.model.Mixing;
import io.tokenpress.codec.neural.MatchMixing;
import io.tokenpress.codec.train.SampleChunks;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * The context-mixing options of {@code models mix} and {@code train} (codec/MODEL.md, "Context mixing" and
 * "Primer").
 */
final class MixingOptions {
    @Option(names = "--context-mixing", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Also mix in the statistics of the chunk's own bytes (recipe int8-v1+match-v1+context-v1):"
                    + " far better on data unlike the training data, about 0.5 % worse on data like it."
                    + " --no-context-mixing makes a match-mixing model (int8-v1+match-v1) (default: context mixing).")
    boolean contextMixing;

    @Option(names = "--line-contexts", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "With context mixing: also use the chunk's line structure (recipe"
                    + " int8-v1+match-v1+context-v1+lines-v1, codec/MODEL.md \"Line contexts\"): a failed match recovers,"
                    + " and the bytes above a position (same column, previous line) are a context. About 5 %% smaller on"
                    + " logs, 0.1-0.4 %% larger on prose and JSON events (default: on).")
    boolean lineContexts;

    @Option(names = "--primer", defaultValue = "64K", paramLabel = "BYTES",
            description = "With context mixing: a primer of this many bytes of --data, searched for matches before every"
                    + " chunk (codec/MODEL.md \"Primer\"); 0 for none (default ${DEFAULT-VALUE}).")
    String primer;

    /** The mixing stages these options ask for. */
    Mixing stages() {
        if (!contextMixing) {
            return Mixing.MATCH;
        }
        return lineContexts ? Mixing.LINES : Mixing.CONTEXTS;
    }

    /**
     * The primer sampled from {@code data}; empty without context mixing or with {@code --primer 0}.
     *
     * @throws CommandLine.ParameterException if {@code --primer} is not a byte count up to {@link MatchMixing#MAX_PRIMER}
     * @throws IllegalArgumentException if {@code data} names no readable file
     */
    byte[] primer(CommandSpec spec, String data) {
        int bytes = size(spec, "--primer", primer);
        return contextMixing ? SampleChunks.primer(data, bytes) : new byte[0];
    }

    /**
     * A primer size option: {@code 0} or a byte count such as {@code 64K}, at most {@link MatchMixing#MAX_PRIMER}.
     *
     * @throws CommandLine.ParameterException (a usage error) otherwise
     */
    static int size(CommandSpec spec, String option, String text) {
        if (text.trim().equals("0")) {
            return 0;
        }
        long n;
        try {
            n = ByteSizes.parse(text);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + ": " + e.getMessage());
        }
        if (n > MatchMixing.MAX_PRIMER) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    option + " must be 0 to " + MatchMixing.MAX_PRIMER + " bytes, not " + text);
        }
        return (int) n;
    }
}
