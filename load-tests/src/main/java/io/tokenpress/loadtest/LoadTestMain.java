package io.tokenpress.loadtest;

import io.tokenpress.loadtest.run.BrokerTarget;
import io.tokenpress.loadtest.run.BundledModels;
import io.tokenpress.loadtest.run.Corpus;
import io.tokenpress.loadtest.run.EmbeddedBroker;
import io.tokenpress.loadtest.run.ExternalCluster;
import io.tokenpress.loadtest.run.RunSettings;
import io.tokenpress.loadtest.run.Scenario;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The end-to-end load test's command line. Without options it runs every scenario on a few MB of the
 * wikiticker corpus against an in-process broker and writes the report under
 * {@code load-tests/target/report/}; {@code --quick} runs a short version.
 */
@Command(name = "loadtest", mixinStandardHelpOptions = true,
        description = "End-to-end Kafka load test: no compression, Kafka producer compression and tokenpress, on the same data.")
public final class LoadTestMain implements Callable<Integer> {

    @Option(names = "--quick", description = "A short run (a few minutes on 2 cores): ~2 MB of input, bounded scenarios, one bundled model.")
    boolean quick;

    @Option(names = "--input", description = "Text file, one record per line (default: the shared wikiticker-valid.jsonl).")
    Path input;

    @Option(names = "--max-input-bytes", description = "Read at most this many bytes of the input (default 4000000; quick 2000000).")
    Long maxInputBytes;

    @Option(names = "--bootstrap-servers", description = "A Kafka cluster to use instead of the in-process broker.")
    String bootstrapServers;

    @Option(names = "--client-config", description = "Properties file with client settings (security) for --bootstrap-servers.")
    Path clientConfig;

    @Option(names = "--records", description = "Records per scenario at most (default 20000; quick 8000).")
    Long records;

    @Option(names = "--neural-records", description = "Records per neural-codec scenario at most (default 1000; quick 100): "
            + "the neural codec is far slower than zstd on a CPU.")
    Long neuralRecords;

    @Option(names = "--neural-drain-seconds", description = "Seconds the consumer may take after producing ends in a "
            + "neural-codec scenario (default 300; quick 90).")
    Long neuralDrainSeconds;

    @Option(names = "--max-seconds", description = "Seconds of producing per scenario at most (default 60; quick 20).")
    Long maxSeconds;

    @Option(names = "--drain-seconds", description = "Seconds the consumer may take after producing ends (default 60; quick 30).")
    Long drainSeconds;

    @Option(names = "--rate", defaultValue = "0", description = "Records per second to produce; 0 = flat out (default).")
    double rate;

    @Option(names = "--partitions", defaultValue = "3", description = "Partitions per topic (default 3).")
    int partitions;

    @Option(names = "--chunk-linger-ms", defaultValue = "200", description = "The chunking processor's chunk.linger.ms (default 200).")
    long chunkLingerMs;

    @Option(names = "--chunk-max-records", defaultValue = "1000", description = "The chunking processor's chunk.max.records (default 1000).")
    int chunkMaxRecords;

    @Option(names = "--scenarios", split = ",", description = "Scenarios to run (default: all). Names: kafka-<none|gzip|snappy|lz4|zstd>, "
            + "tokenpress-serde-<zstd|neural:MODEL>, tokenpress-chunk-<zstd|neural:MODEL>.")
    List<String> scenarios;

    @Option(names = "--warmup-records", description = "Records of the unreported warm-up (default 3000; quick 1000).")
    Long warmupRecords;

    @Option(names = "--report-dir", description = "Where the report goes (default load-tests/target/report).")
    Path reportDir;

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));
        System.exit(new CommandLine(new LoadTestMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Path in = input != null ? input : defaultInput();
        Corpus corpus = Corpus.load(in, pick(maxInputBytes, 4_000_000L, 2_000_000L));
        RunSettings settings = settings(pick(records, 20_000L, 8_000L), pick(drainSeconds, 60L, 30L));
        RunSettings neural = settings(pick(neuralRecords, 1_000L, 100L), pick(neuralDrainSeconds, 300L, 90L));
        List<String> bundled;
        String modelProblem = "";
        try {
            bundled = BundledModels.names();
        } catch (RuntimeException e) {
            bundled = List.of();
            modelProblem = " (" + e.getMessage() + ")";
        }
        // the quick run compares one model (the general-purpose one where bundled); a full run, all of them
        List<String> models = quick && bundled.size() > 1
                ? List.of(bundled.contains("general") ? "general" : bundled.get(0))
                : bundled;
        List<Scenario> list = new ArrayList<>();
        if (scenarios == null || scenarios.isEmpty()) {
            list.addAll(Scenario.all(models));
        } else {
            for (String s : scenarios) {
                list.add(Scenario.parse(s));
            }
        }
        List<String> extra = new ArrayList<>();
        extra.add(bundled.isEmpty()
                ? "bundled models: none found on the class path (tokenpress/models/*.tpm), so no neural-codec scenario" + modelProblem
                : "bundled models: " + String.join(", ", bundled) + (models.size() < bundled.size()
                        ? "; this quick run compares " + String.join(", ", models) : ""));
        Path dir = reportDir != null ? reportDir : defaultReportDir();
        System.out.printf("load test: %d scenarios on %s (%d records, %d bytes)%n", list.size(), corpus.source(), corpus.size(),
                corpus.bytes());
        Path md;
        try (BrokerTarget broker = broker()) {
            System.out.println("broker: " + broker.describe());
            md = new LoadTest(broker, corpus, settings, neural, dir, System.out)
                    .run(list, pick(warmupRecords, 3_000L, 1_000L), extra);
        }
        System.out.println();
        System.out.println(Files.readString(md, StandardCharsets.UTF_8));
        System.out.println("report written to " + dir.toAbsolutePath() + " (report.md, results.csv, *.png)");
        return 0;
    }

    private RunSettings settings(long maxRecords, long drain) {
        return new RunSettings(maxRecords, Duration.ofSeconds(pick(maxSeconds, 60L, 20L)), Duration.ofSeconds(drain), rate,
                partitions, chunkLingerMs, chunkMaxRecords);
    }

    private BrokerTarget broker() throws java.io.IOException {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            return EmbeddedBroker.start();
        }
        Map<String, Object> extra = new java.util.HashMap<>();
        if (clientConfig != null) {
            java.util.Properties p = new java.util.Properties();
            try (var r = Files.newBufferedReader(clientConfig)) {
                p.load(r);
            }
            p.stringPropertyNames().forEach(k -> extra.put(k, p.getProperty(k)));
        }
        return new ExternalCluster(bootstrapServers, extra);
    }

    private <T> T pick(T explicit, T normal, T quickValue) {
        return explicit != null ? explicit : quick ? quickValue : normal;
    }

    /** The shared wikiticker corpus: from {@code -Dtokenpress.shared}, else {@code ../shared} of the repository. */
    static Path defaultInput() {
        String rel = "corpora/json/wikiticker-valid.jsonl";
        List<Path> candidates = new ArrayList<>();
        String shared = System.getProperty("tokenpress.shared");
        if (shared != null) {
            candidates.add(Path.of(shared, rel));
        }
        candidates.add(Path.of("..", "shared", rel));
        candidates.add(Path.of("..", "..", "shared", rel));
        for (Path c : candidates) {
            if (Files.isRegularFile(c)) {
                return c.normalize();
            }
        }
        throw new CommandLine.ParameterException(new CommandLine(new LoadTestMain()),
                "no --input given and the default corpus was not found at " + candidates);
    }

    private static Path defaultReportDir() {
        return Files.isRegularFile(Path.of("load-tests", "pom.xml"))
                ? Path.of("load-tests", "target", "report")
                : Path.of("target", "report");
    }
}
