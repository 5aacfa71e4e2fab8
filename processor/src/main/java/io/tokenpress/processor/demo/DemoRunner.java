package io.tokenpress.processor.demo;

import io.tokenpress.codec.container.EnvelopeFormat;
import io.tokenpress.processor.app.Pipeline;
import io.tokenpress.processor.config.TokenpressConfig;
import io.tokenpress.processor.kafka.StreamsRunner;
import io.tokenpress.processor.kafka.TopicProvisioner;
import io.tokenpress.processor.kafka.TopicReader;
import io.tokenpress.serdes.ChunkRecord;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The demo pipeline against running brokers: produce lines to the plain topic, run the processor and
 * replay, read everything back and verify it record by record.
 */
public final class DemoRunner {
    private static final Duration REPLAY_TIMEOUT = Duration.ofMinutes(5);

    private final TokenpressConfig config;
    private final int partitions;
    private final PrintStream progress;

    /**
     * @param config with {@code bootstrap.servers} set; its topics must not exist yet or be empty
     * @param partitions partitions of the plain topic
     * @param progress where progress lines go (standard error on the command line)
     */
    public DemoRunner(TokenpressConfig config, int partitions, PrintStream progress) {
        if (config.wantsEmbeddedBroker()) {
            throw new IllegalArgumentException("DemoRunner needs bootstrap.servers; start the broker first");
        }
        this.config = config;
        this.partitions = partitions;
        this.progress = progress;
    }

    /** Runs the demo on {@code lines} (one record each) and returns what it measured. */
    public DemoReport run(List<byte[]> lines) throws InterruptedException {
        long started = System.nanoTime();
        try (Admin admin = Admin.create(config.clientProperties())) {
            new TopicProvisioner(admin, config.topicMaxMessageBytes()).ensurePartitions(config.inputTopic(), partitions, "demo");
        }
        List<List<ChunkRecord>> expected = produce(lines);
        long plainBytes = lines.stream().mapToLong(l -> l.length).sum();

        try (StreamsRunner processor = Pipeline.startProcessor(config);
                StreamsRunner replay = Pipeline.startReplay(config)) {
            progress.println("running the processor and replay...");
            List<ConsumerRecord<byte[], byte[]>> back;
            try (TopicReader reader = new TopicReader(config.clientProperties(), config.replayTopic())) {
                long[] lastShown = {0};
                long deadline = System.nanoTime() + REPLAY_TIMEOUT.toNanos();
                back = List.of();
                while (back.size() < lines.size() && System.nanoTime() < deadline) {
                    back = reader.readAtLeast(lines.size(), Duration.ofSeconds(2), n -> {
                        if (n - lastShown[0] >= Math.max(1, lines.size() / 10) || n == lines.size()) {
                            lastShown[0] = n;
                            progress.printf("  replayed %,d / %,d records%n", n, lines.size());
                        }
                    });
                    failIfStopped(processor, replay);
                }
                // anything beyond the expected count would be a duplicate: give it a moment to show up
                back = reader.readToEnd(Duration.ofSeconds(5));
            }
            Map<String, Long> mix = new HashMap<>();
            long compressedBytes = 0;
            long chunks = 0;
            try (TopicReader reader = new TopicReader(config.clientProperties(), config.outputTopic())) {
                EnvelopeFormat format = new EnvelopeFormat(config.maxChunkBytes());
                for (ConsumerRecord<byte[], byte[]> r : reader.readToEnd(Duration.ofSeconds(60))) {
                    compressedBytes += r.value().length;
                    chunks++;
                    mix.merge(format.decode(r.value()).getCodec().name().toLowerCase(java.util.Locale.ROOT), 1L, Long::sum);
                }
            }
            long mismatches = verify(expected, back);
            double seconds = (System.nanoTime() - started) / 1e9;
            return new DemoReport(lines.size(), back.size(), plainBytes, compressedBytes, chunks, mix, mismatches, seconds);
        }
    }

    private static void failIfStopped(StreamsRunner... runners) {
        for (StreamsRunner r : runners) {
            if (r.isStopped()) {
                throw new IllegalStateException("a pipeline stage stopped: "
                        + (r.failure() == null ? r.state() : StreamsRunner.rootMessage(r.failure())));
            }
        }
    }

    private List<List<ChunkRecord>> produce(List<byte[]> lines) throws InterruptedException {
        List<List<ChunkRecord>> expected = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            expected.add(new ArrayList<>());
        }
        Map<String, Object> props = new HashMap<>(config.clientProperties());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        long base = System.currentTimeMillis();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < lines.size(); i++) {
                int p = i % partitions;
                long ts = base + i;
                producer.send(new ProducerRecord<>(config.inputTopic(), p, ts, null, lines.get(i)));
                expected.get(p).add(new ChunkRecord(null, lines.get(i), ts, new RecordHeaders(), -1));
                if ((i + 1) % Math.max(1, lines.size() / 5) == 0) {
                    progress.printf("  produced %,d / %,d records%n", i + 1, lines.size());
                }
            }
            producer.flush();
        }
        progress.printf("produced %,d records to '%s' (%d partitions)%n", lines.size(), config.inputTopic(), partitions);
        return expected;
    }

    /** Counts records that are missing, extra, or differ from what was produced, partition by partition, in order. */
    static long verify(List<List<ChunkRecord>> expected, List<ConsumerRecord<byte[], byte[]>> back) {
        List<List<ChunkRecord>> got = new ArrayList<>();
        for (int p = 0; p < expected.size(); p++) {
            got.add(new ArrayList<>());
        }
        long mismatches = 0;
        for (ConsumerRecord<byte[], byte[]> r : back) {
            if (r.partition() >= got.size()) {
                mismatches++;
                continue;
            }
            got.get(r.partition()).add(new ChunkRecord(r.key(), r.value(), r.timestamp(), r.headers(), -1));
        }
        for (int p = 0; p < expected.size(); p++) {
            List<ChunkRecord> e = expected.get(p);
            List<ChunkRecord> g = got.get(p);
            int n = Math.max(e.size(), g.size());
            for (int i = 0; i < n; i++) {
                if (i >= e.size() || i >= g.size() || !Objects.requireNonNull(e.get(i)).sameContent(g.get(i))) {
                    mismatches++;
                }
            }
        }
        return mismatches;
    }

}
