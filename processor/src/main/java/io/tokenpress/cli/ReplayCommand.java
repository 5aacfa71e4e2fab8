package io.tokenpress.cli;

import io.tokenpress.processor.app.PipelineStage;
import io.tokenpress.processor.config.TokenpressConfig;
import io.tokenpress.codec.TokenpressException;
import java.util.concurrent.Callable;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code tokenpress replay}: compressed topic back to a plain topic, until stopped. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Replays output.topic (compressed) into replay.topic (plain), until Ctrl-C.",
                "Restores every record's key, value, timestamp, headers and partition, in order.",
                "Undecodable chunks follow replay.on.corrupt: fail (default) or dead-letter."})
public final class ReplayCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Override
    public Integer call() throws Exception {
        try {
            TokenpressConfig config = options.load();
            return PipelineCommands.runUntilStopped(config, "replay", PipelineStage::startReplay);
        } catch (ConfigException | TokenpressException e) {
            return PipelineCommands.fail("replay", e);
        }
    }
}
