package io.tokenpress.cli;

import io.tokenpress.codec.TokenpressException;
import io.tokenpress.processor.app.KafkaConnection;
import io.tokenpress.processor.config.TokenpressConfig;
import io.tokenpress.processor.demo.DemoInput;
import io.tokenpress.processor.demo.DemoReport;
import io.tokenpress.processor.demo.DemoRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tokenpress demo}: the whole pipeline on real data, verified record by record. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Runs the whole pipeline on real data in an embedded Kafka broker and verifies every record.",
                "Produces a bundled sample (or --input FILE, one record per line), runs the processor and replay,",
                "and compares every replayed record with the original. Exit status 0 only if all are identical."})
public final class DemoCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Option(names = "--input", paramLabel = "FILE", description = "Records to use, one per line (default: the bundled wikiticker sample).")
    Path input;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "3", description = "Partitions of the plain topic (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--json", description = "End the output with one JSON line: records, plainBytes, compressedBytes, ratio, codecMix, lossless.")
    boolean json;

    @Option(names = "--retrain", description = {"Run the feedback loop instead: compress the first half with the bundled model while",
            "logging sampled feedback, retrain from it, promote, compress the rest, replay and verify everything."})
    boolean retrain;

    @Option(names = "--retrain-records", paramLabel = "N", defaultValue = "60",
            description = "With --retrain: records of the sample to use (default ${DEFAULT-VALUE}; the neural codec runs on the CPU).")
    int retrainRecords;

    @Override
    public Integer call() throws Exception {
        if (partitions < 1) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--partitions must be at least 1");
        }
        List<byte[]> lines = input == null ? DemoInput.bundledSample() : DemoInput.file(input);
        if (lines.isEmpty()) {
            System.err.println("no records to demo: " + (input == null ? "bundled sample" : input) + " is empty");
            return 2;
        }
        try {
            return demo(lines);
        } catch (org.apache.kafka.common.config.ConfigException | TokenpressException e) {
            return PipelineCommands.fail("demo", e);
        }
    }

    private int demo(List<byte[]> lines) throws Exception {
        Path work = Files.createTempDirectory("tokenpress-demo-");
        try {
            String run = Long.toString(System.currentTimeMillis(), 36);
            TokenpressConfig config = options.load(Map.of(
                    TokenpressConfig.EMBEDDED_DATA_DIR_CONFIG, work.resolve("kafka").toString(),
                    TokenpressConfig.STATE_DIR_CONFIG, work.resolve("state").toString(),
                    TokenpressConfig.APPLICATION_ID_CONFIG, "tokenpress-demo-" + run,
                    TokenpressConfig.INPUT_TOPIC_CONFIG, "demo-plain-" + run,
                    TokenpressConfig.OUTPUT_TOPIC_CONFIG, "demo-compressed-" + run,
                    TokenpressConfig.REPLAY_TOPIC_CONFIG, "demo-replayed-" + run,
                    TokenpressConfig.CHUNK_LINGER_MS_CONFIG, "300"));
            System.err.printf("tokenpress demo: %,d records from %s%n", lines.size(), input == null ? "the bundled wikiticker sample" : input);
            if (config.wantsEmbeddedBroker()) {
                System.err.println("starting the embedded Kafka broker...");
            }
            try (KafkaConnection connection = KafkaConnection.open(config)) {
                if (retrain) {
                    return RetrainDemoRun.run(connection.config(), work, run, lines, partitions, retrainRecords, json);
                }
                DemoReport report;
                try {
                    report = new DemoRunner(connection.config(), partitions, System.err).run(lines);
                } catch (IllegalStateException e) {
                    System.err.println("tokenpress demo failed: " + e.getMessage());
                    return 1;
                }
                return DemoOutput.print(report, json);
            }
        } finally {
            deleteRecursively(work);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete " + dir + ": " + e.getMessage());
        }
    }
}
