package io.tokenpress.loadtest;

import io.tokenpress.loadtest.report.ReportWriter;
import io.tokenpress.loadtest.report.ScenarioResult;
import io.tokenpress.loadtest.run.BrokerTarget;
import io.tokenpress.loadtest.run.Corpus;
import io.tokenpress.loadtest.run.RunSettings;
import io.tokenpress.loadtest.run.Scenario;
import io.tokenpress.loadtest.run.ScenarioRunner;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One load-test run: every scenario in turn against one broker on one corpus, then the report.
 * Bounded: each scenario produces at most {@link RunSettings#maxRecords()} records for at most
 * {@link RunSettings#maxProduceTime()}, and waits at most {@link RunSettings#drainTimeout()} for
 * the consumer.
 */
public final class LoadTest {
    private final BrokerTarget broker;
    private final Corpus corpus;
    private final RunSettings settings;
    private final RunSettings neuralSettings;
    private final Path reportDir;
    private final PrintStream out;

    /**
     * @param neuralSettings bounds for the neural-codec scenarios (slower on a CPU)
     * @param reportDir where the CSV, Markdown and PNGs go
     */
    public LoadTest(BrokerTarget broker, Corpus corpus, RunSettings settings, RunSettings neuralSettings, Path reportDir,
            PrintStream out) {
        this.broker = broker;
        this.corpus = corpus;
        this.settings = settings;
        this.neuralSettings = neuralSettings;
        this.reportDir = reportDir;
        this.out = out;
    }

    /**
     * Runs a warm-up (not reported) and the scenarios, writes the report.
     *
     * @param warmupRecords records of the unreported warm-up scenario (JIT, broker, client start-up); 0 for none
     * @return the Markdown report's path
     */
    public Path run(List<Scenario> scenarios, long warmupRecords, List<String> extraSetup) throws InterruptedException {
        String runId = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT).withZone(ZoneOffset.UTC).format(Instant.now());
        Path work;
        try {
            work = Files.createTempDirectory("tokenpress-loadtest");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a working directory", e);
        }
        List<ScenarioResult> results = new ArrayList<>();
        try {
            if (warmupRecords > 0) {
                out.println("warm-up: " + warmupRecords + " records, plain and through the chunking processor (not reported)");
                RunSettings w = new RunSettings(warmupRecords, Duration.ofSeconds(30), Duration.ofSeconds(30), 0,
                        settings.partitions(), settings.chunkLingerMs(), settings.chunkMaxRecords());
                ScenarioRunner warm = new ScenarioRunner(broker, corpus, w, work, runId + "-warmup", out);
                warm.run(Scenario.parse("kafka-none"));
                warm.run(Scenario.parse("tokenpress-chunk-zstd"));
                warm.deleteTopics();
            }
            ScenarioRunner runner = new ScenarioRunner(broker, corpus, settings, work, runId, out);
            ScenarioRunner neuralRunner = new ScenarioRunner(broker, corpus, neuralSettings, work, runId, out);
            for (int i = 0; i < scenarios.size(); i++) {
                Scenario s = scenarios.get(i);
                out.printf(Locale.ROOT, "scenario %d/%d: %s (%s)%n", i + 1, scenarios.size(), s.name(), s.description());
                ScenarioResult r = ("neural".equals(s.codec()) ? neuralRunner : runner).run(s);
                results.add(r);
                out.printf(Locale.ROOT, "  -> %d records, %.2f MB/s in, p50/p99 %.1f/%.1f ms, %d bytes on disk (ratio %.2f), CPU %.2f s%s%n",
                        r.records(), r.megabytesPerSecond(), r.latencyMillis(50), r.latencyMillis(99), r.bytesOnDisk(),
                        r.compressionRatio(), r.cpuSeconds(), r.note().isEmpty() ? "" : "  NOTE: " + r.note());
            }
            runner.deleteTopics();
            neuralRunner.deleteTopics();
        } finally {
            deleteQuietly(work);
        }

        List<String> setup = new ArrayList<>();
        setup.add("run " + runId + " (UTC), " + Runtime.getRuntime().availableProcessors() + " CPUs, Java "
                + System.getProperty("java.version"));
        setup.add(String.format(Locale.ROOT, "corpus: %s, %d records, %d bytes (records are reused in order when a scenario "
                + "sends more)", corpus.source(), corpus.size(), corpus.bytes()));
        setup.add("broker: " + broker.describe());
        setup.add(describe("bounds per scenario", settings));
        if (scenarios.stream().anyMatch(s -> "neural".equals(s.codec()))) {
            setup.add(describe("bounds per neural-codec scenario", neuralSettings));
        }
        setup.add("chunking processor: chunk.linger.ms=" + settings.chunkLingerMs() + ", chunk.max.records="
                + settings.chunkMaxRecords() + ", exactly-once; its consumer reads committed chunks only");
        setup.addAll(extraSetup);
        Path md = ReportWriter.write(reportDir, "tokenpress load test", setup, results);
        return md;
    }

    private static String describe(String what, RunSettings s) {
        return String.format(Locale.ROOT, "%s: at most %d records, %d s of producing, %d s to drain; rate %s; %d partitions",
                what, s.maxRecords(), s.maxProduceTime().toSeconds(), s.drainTimeout().toSeconds(),
                s.rate() == 0 ? "flat out" : s.rate() + " records/s", s.partitions());
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory: the OS cleans it up eventually
        }
    }
}
