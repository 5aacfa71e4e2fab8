package io.tokenpress.processor.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenpress.processor.app.Pipeline;
import io.tokenpress.processor.broker.EmbeddedKafkaBroker;
import io.tokenpress.processor.config.TokenpressConfig;
import io.tokenpress.processor.kafka.StreamsRunner;
import io.tokenpress.processor.kafka.TopicProvisioner;
import io.tokenpress.processor.kafka.TopicReader;
import io.tokenpress.serdes.ChunkRecord;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The processor runs in its own JVM ({@code tokenpress run}), is killed with SIGKILL while it works,
 * and restarted: the replayed output must hold every input record exactly once, in order.
 */
class CrashRecoveryIT {
    private static final int RECORDS = 10_000;
    private static final int BEFORE_CRASH = 3_000;
    private static final int PARTITIONS = 3;
    private static final String APP = "crash";
    private static final String PLAIN = "crash-plain";
    private static final String COMPRESSED = "crash-compressed";

    @TempDir
    Path dir;

    private EmbeddedKafkaBroker broker;
    private final List<Process> children = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (Process p : children) {
            if (p.isAlive()) {
                p.destroy();
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor();
                }
            }
        }
        if (broker != null) {
            broker.close();
        }
    }

    private Process startProcessorJvm(int attempt) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String mainClass = System.getProperty("tokenpress.it.main", "io.tokenpress.cli.TokenpressCli");
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"), mainClass, "run"));
        for (String s : List.of(
                "bootstrap.servers=" + broker.bootstrapServers(),
                "application.id=" + APP,
                "input.topic=" + PLAIN,
                "output.topic=" + COMPRESSED,
                "state.dir=" + dir.resolve("processor-state"),
                "chunk.max.records=50",
                "chunk.linger.ms=200",
                // a killed member leaves the group after this long, instead of the default 45 s
                "session.timeout.ms=6000")) {
            cmd.add("--set");
            cmd.add(s);
        }
        File log = dir.resolve("processor-" + attempt + ".log").toFile();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log).start();
        children.add(p);
        return p;
    }

    private long chunksWritten(Admin admin) throws Exception {
        Map<TopicPartition, OffsetSpec> q = new java.util.HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            q.put(new TopicPartition(COMPRESSED, p), OffsetSpec.latest());
        }
        if (!admin.listTopics().names().get(10, TimeUnit.SECONDS).contains(COMPRESSED)) {
            return 0; // the processor has not created it yet
        }
        try {
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> r = admin.listOffsets(q).all().get(10, TimeUnit.SECONDS);
            return r.values().stream().mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset).sum();
        } catch (java.util.concurrent.ExecutionException e) {
            return 0; // the processor has not created the topic yet
        }
    }

    @Test
    void killedAndRestartedProcessorLosesAndDuplicatesNothing() throws Exception {
        broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"));
        TokenpressConfig config = new TokenpressConfig(Map.of(
                TokenpressConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                TokenpressConfig.APPLICATION_ID_CONFIG, APP,
                TokenpressConfig.INPUT_TOPIC_CONFIG, PLAIN,
                TokenpressConfig.OUTPUT_TOPIC_CONFIG, COMPRESSED,
                TokenpressConfig.REPLAY_TOPIC_CONFIG, "crash-replayed",
                TokenpressConfig.STATE_DIR_CONFIG, dir.resolve("replay-state").toString()));
        List<List<ChunkRecord>> expected = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            expected.add(new ArrayList<>());
        }
        long base = System.currentTimeMillis();
        try (Admin admin = Admin.create(config.clientProperties());
                KafkaProducer<byte[], byte[]> producer = ItRecords.producer(broker.bootstrapServers())) {
            new TopicProvisioner(admin, config.topicMaxMessageBytes()).ensurePartitions(PLAIN, PARTITIONS, "test");
            for (int i = 0; i < BEFORE_CRASH; i++) {
                ChunkRecord r = ItRecords.record(i, base);
                ItRecords.send(producer, PLAIN, PARTITIONS, i, r);
                expected.get(i % PARTITIONS).add(r);
            }
            producer.flush();

            Process first = startProcessorJvm(1);
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (chunksWritten(admin) < 5 && System.nanoTime() < deadline && first.isAlive()) {
                Thread.sleep(20);
            }
            assertThat(first.isAlive()).as("first processor JVM is running; log:%n%s", log(1)).isTrue();
            long atKill = chunksWritten(admin);
            assertThat(atKill).as("chunks written before the crash").isGreaterThanOrEqualTo(5);
            first.destroyForcibly(); // SIGKILL: no shutdown hook, no commit, no flush
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(first.exitValue()).isEqualTo(137);

            // more input arrives while the processor is down and after it restarts
            for (int i = BEFORE_CRASH; i < RECORDS; i++) {
                ChunkRecord r = ItRecords.record(i, base);
                ItRecords.send(producer, PLAIN, PARTITIONS, i, r);
                expected.get(i % PARTITIONS).add(r);
                if (i == BEFORE_CRASH + 2_000) {
                    startProcessorJvm(2);
                }
            }
            producer.flush();
        }

        List<ConsumerRecord<byte[], byte[]>> replayed;
        try (StreamsRunner replay = Pipeline.startReplay(config);
                TopicReader reader = new TopicReader(config.clientProperties(), config.replayTopic())) {
            reader.readAtLeast(RECORDS, Duration.ofMinutes(3), n -> {});
            // a duplicate would arrive after the expected count: keep reading a while
            Thread.sleep(3_000);
            replayed = reader.readToEnd(Duration.ofSeconds(20));
            assertThat(replay.failure()).isNull();
        }
        int[] perPartition = new int[PARTITIONS];
        replayed.forEach(r -> perPartition[r.partition()]++);
        assertThat(replayed.size())
                .as("replayed records (per partition %s); first processor log:%n%s%nsecond processor log:%n%s",
                        java.util.Arrays.toString(perPartition), log(1), log(2))
                .isEqualTo(RECORDS);
        ItRecords.assertExactlyOnceInOrder(expected, replayed);
    }

    private String log(int attempt) {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("processor-" + attempt + ".log"));
            return lines.stream().skip(Math.max(0, lines.size() - 40)).collect(Collectors.joining("\n"));
        } catch (Exception e) {
            return "(no log: " + e + ")";
        }
    }
}
