package io.tokenpress.cli;

import io.tokenpress.processor.app.PipelineStage;
import io.tokenpress.processor.config.TokenpressConfig;
import io.tokenpress.processor.kafka.TopicProvisioner;
import io.tokenpress.codec.TokenpressException;
import java.util.concurrent.Callable;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tokenpress run}: the compressing processor, plain topic to compressed topic, until stopped. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Runs the chunking processor: input.topic (plain) to output.topic (compressed), until Ctrl-C.",
                "Without bootstrap.servers it starts an embedded Kafka broker and prints its address."})
public final class RunCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Option(names = "--input-partitions", paramLabel = "N",
            description = "Create input.topic with N partitions if it does not exist (default: fail if missing).")
    Integer inputPartitions;

    @Override
    public Integer call() throws Exception {
        try {
            TokenpressConfig config = options.load();
            return PipelineCommands.runUntilStopped(config, "processor", c -> {
                if (inputPartitions != null) {
                    try (Admin admin = Admin.create(c.clientProperties())) {
                        new TopicProvisioner(admin, c.topicMaxMessageBytes()).ensurePartitions(c.inputTopic(), inputPartitions, "--input-partitions");
                    }
                }
                return PipelineStage.startProcessor(c);
            });
        } catch (ConfigException | TokenpressException e) {
            return PipelineCommands.fail("run", e);
        }
    }
}
