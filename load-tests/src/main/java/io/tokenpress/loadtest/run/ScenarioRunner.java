package io.tokenpress.loadtest.run;

import io.tokenpress.codec.store.DirectoryModelStore;
import io.tokenpress.loadtest.measure.CpuMeter;
import io.tokenpress.loadtest.measure.LatencyRecorder;
import io.tokenpress.loadtest.measure.RateLimiter;
import io.tokenpress.loadtest.report.ScenarioResult;
import io.tokenpress.processor.app.Pipeline;
import io.tokenpress.processor.chunking.ChunkingTopology;
import io.tokenpress.processor.config.TokenpressConfig;
import io.tokenpress.processor.kafka.StreamsRunner;
import io.tokenpress.serdes.FlatteningConsumer;
import io.tokenpress.serdes.TokenpressDeserializer;
import io.tokenpress.serdes.TokenpressSerdeConfig;
import io.tokenpress.serdes.TokenpressSerializer;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Runs one {@link Scenario} end to end against a broker: creates its topics, starts the chunking
 * processor when the scenario has one, consumes on a second thread, produces the corpus (paced or
 * flat out) within the run's bounds, waits for the consumer to see every record (or the drain
 * timeout), then measures the topic's bytes on disk and the CPU time used.
 */
public final class ScenarioRunner {
    private static final int MAX_MESSAGE_BYTES = 16 << 20;
    private static final int FETCH_MAX_WAIT_MS = Integer.getInteger("loadtest.fetch.max.wait.ms", 500);

    private final BrokerTarget broker;
    private final Corpus corpus;
    private final RunSettings settings;
    private final Path workDir;
    private final String runId;
    private final PrintStream out;
    private final List<String> createdTopics = new ArrayList<>();

    /**
     * @param workDir where processors keep their state stores
     * @param runId distinguishes this run's topics and application ids from earlier runs'
     */
    public ScenarioRunner(BrokerTarget broker, Corpus corpus, RunSettings settings, Path workDir, String runId, PrintStream out) {
        this.broker = broker;
        this.corpus = corpus;
        this.settings = settings;
        this.workDir = workDir;
        this.runId = runId;
        this.out = out;
    }

    /**
     * Runs the scenario. Failures of the scenario itself (a codec not available, a processor error)
     * do not throw: they come back as a result with the failure in its note.
     */
    public ScenarioResult run(Scenario scenario) throws InterruptedException {
        String base = "lt-" + runId + "-" + scenario.topicSafeName();
        String inTopic = base;
        String chunkTopic = base + "-chunks";
        String readTopic = scenario.kind() == Scenario.Kind.CHUNKING ? chunkTopic : inTopic;
        List<String> notes = new ArrayList<>();
        LatencyRecorder latency = new LatencyRecorder((int) settings.maxRecords());
        long cpuStart = CpuMeter.processCpuNanos();
        long start = System.nanoTime();
        long acked = 0;
        long payload = 0;
        double produceSeconds = 0;
        long lastConsumed = start;
        long cpuEnd = -1;
        StreamsRunner processor = null;
        ConsumerLoop consumer = null;
        Progress progress = new Progress(scenario.name(), settings.maxRecords(), out, 2000);
        try {
            createTopic(inTopic);
            if (scenario.kind() == Scenario.Kind.CHUNKING) {
                TokenpressConfig config = processorConfig(scenario, inTopic, chunkTopic);
                processor = Pipeline.startProcessor(config);
                createdTopics.add(chunkTopic);
                // Kafka Streams' internal topic of the chunk buffers
                createdTopics.add(config.applicationId() + "-" + ChunkingTopology.STORE_NAME + "-changelog");
                if (!processor.awaitRunning(Duration.ofSeconds(90))) {
                    Throwable f = processor.failure();
                    throw new IllegalStateException("the chunking processor did not start: "
                            + (f == null ? processor.state().toString() : StreamsRunner.rootMessage(f)), f);
                }
            }
            consumer = new ConsumerLoop(() -> consumer(scenario), readTopic, settings.partitions(), corpus, latency,
                    progress.consumed);
            consumer.start();
            // measure from here: the processor and the consumer are running
            cpuStart = CpuMeter.processCpuNanos();
            start = System.nanoTime();
            ProduceOutcome produced = produce(scenario, inTopic, progress);
            acked = produced.acked;
            payload = produced.payloadBytes;
            produceSeconds = produced.seconds;
            if (produced.errors > 0) {
                notes.add(produced.errors + " sends failed (first: " + produced.firstError + ")");
            }
            if (produced.acked < settings.maxRecords()) {
                notes.add("producing stopped at the time bound after " + produced.acked + " records");
            }
            consumer.awaitConsumed(acked, System.nanoTime() + settings.drainTimeout().toNanos());
            lastConsumed = System.nanoTime();
            cpuEnd = CpuMeter.processCpuNanos();
        } catch (RuntimeException e) {
            notes.add("failed: " + StreamsRunner.rootMessage(e));
            out.println("  [" + scenario.name() + "] failed: " + StreamsRunner.rootMessage(e));
        } finally {
            progress.close();
            if (consumer != null) {
                consumer.close();
            }
            if (processor != null) {
                Throwable f = processor.failure();
                if (f != null) {
                    notes.add("processor failed: " + StreamsRunner.rootMessage(f));
                }
                processor.close();
            }
        }
        long consumed = progress.consumed.get();
        if (consumer != null) {
            if (consumer.failure() != null) {
                notes.add("consumer failed: " + StreamsRunner.rootMessage(consumer.failure()));
            }
            if (consumed < acked) {
                notes.add("consumer received " + consumed + " of " + acked + " records within the drain timeout");
            } else if (consumed > acked) {
                notes.add("consumer received " + consumed + " records, " + (consumed - acked) + " more than were sent");
            }
            if (consumer.mismatches() > 0) {
                notes.add(consumer.mismatches() + " records consumed are none of the records sent");
            }
        }
        // CPU from the first send to the last record consumed (not the processor's shutdown)
        double cpuSeconds = ((cpuEnd >= 0 ? cpuEnd : CpuMeter.processCpuNanos()) - cpuStart) / 1e9;
        long onDisk = measureBytes(readTopic, notes);
        long stored = scenario.kind() == Scenario.Kind.CHUNKING ? (consumer == null ? 0 : consumer.consumedBytes()) : payload;
        return new ScenarioResult(scenario.name(), scenario.description(), acked, consumed, payload, stored, produceSeconds,
                (lastConsumed - start) / 1e9, latency.percentiles(), onDisk, cpuSeconds, String.join("; ", notes));
    }

    /** Deletes the topics this runner created, where the broker target asks for it. */
    public void deleteTopics() {
        if (!broker.deleteTopicsAfterwards() || createdTopics.isEmpty()) {
            return;
        }
        try (Admin admin = Admin.create(clientProps())) {
            Set<String> existing = admin.listTopics().names().get(60, TimeUnit.SECONDS);
            List<String> delete = createdTopics.stream().filter(existing::contains).toList();
            admin.deleteTopics(delete).all().get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            out.println("could not delete the load-test topics " + createdTopics + ": " + e.getMessage());
        }
    }

    private long measureBytes(String topic, List<String> notes) {
        try {
            return broker.bytesOnDisk(topic);
        } catch (RuntimeException e) {
            notes.add("bytes on disk not measured: " + e.getMessage());
            return 0;
        }
    }

    private void createTopic(String topic) {
        try (Admin admin = Admin.create(clientProps())) {
            admin.createTopics(List.of(new NewTopic(topic, settings.partitions(), (short) -1)
                            .configs(Map.of("max.message.bytes", Integer.toString(MAX_MESSAGE_BYTES)))))
                    .all().get(60, TimeUnit.SECONDS);
            createdTopics.add(topic);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create topic " + topic + ": " + e.getMessage(), e);
        }
    }

    /**
     * Where decoders find a model given as a {@code .tpm} path: a model store in the working directory
     * holding a copy, as a deployment would keep it; null for models named by name or id.
     */
    private Path modelStoreFor(Scenario s) {
        if (!s.model().endsWith(".tpm") || !Files.isRegularFile(Path.of(s.model()))) {
            return null;
        }
        Path dir = workDir.resolve("models");
        try {
            new DirectoryModelStore(dir).put(Files.readAllBytes(Path.of(s.model())));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the model " + s.model(), e);
        }
        return dir;
    }

    private TokenpressConfig processorConfig(Scenario s, String in, String outTopic) {
        Map<String, Object> m = new HashMap<>(broker.clientConfig());
        Path store = modelStoreFor(s);
        if (store != null) {
            m.put(TokenpressConfig.MODELS_DIR_CONFIG, store.toString());
        }
        m.put(TokenpressConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        m.put(TokenpressConfig.APPLICATION_ID_CONFIG, "lt-" + runId + "-" + s.topicSafeName());
        m.put(TokenpressConfig.INPUT_TOPIC_CONFIG, in);
        m.put(TokenpressConfig.OUTPUT_TOPIC_CONFIG, outTopic);
        m.put(TokenpressConfig.CODEC_CONFIG, s.codec());
        m.put(TokenpressConfig.MODEL_CONFIG, s.model());
        m.put(TokenpressConfig.CHUNK_LINGER_MS_CONFIG, settings.chunkLingerMs());
        m.put(TokenpressConfig.CHUNK_MAX_RECORDS_CONFIG, settings.chunkMaxRecords());
        m.put(TokenpressConfig.STATE_DIR_CONFIG, workDir.resolve("streams-" + s.topicSafeName()).toString());
        return new TokenpressConfig(m);
    }

    private Map<String, Object> serdeConfig(Scenario s) {
        Map<String, Object> m = new HashMap<>();
        m.put(TokenpressSerdeConfig.CODEC_CONFIG, s.codec().isEmpty() ? "zstd" : s.codec());
        m.put(TokenpressSerdeConfig.MODEL_CONFIG, s.model());
        Path store = modelStoreFor(s);
        if (store != null) {
            m.put(TokenpressSerdeConfig.MODEL_STORE_DIR_CONFIG, store.toString());
        }
        return m;
    }

    private Map<String, Object> clientProps() {
        Map<String, Object> m = new HashMap<>(broker.clientConfig());
        m.put("bootstrap.servers", broker.bootstrapServers());
        return m;
    }

    private Consumer<byte[], byte[]> consumer(Scenario s) {
        Map<String, Object> c = clientProps();
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, MAX_MESSAGE_BYTES);
        c.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, FETCH_MAX_WAIT_MS);
        switch (s.kind()) {
            case SERDE:
                return new KafkaConsumer<>(c, new ByteArrayDeserializer(),
                        new TokenpressDeserializer<>(new ByteArrayDeserializer(), serdeConfig(s)));
            case CHUNKING:
                c.putAll(serdeConfig(s));
                return FlatteningConsumer.create(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            default:
                return new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        }
    }

    private ProduceOutcome produce(Scenario s, String topic, Progress progress) throws InterruptedException {
        Map<String, Object> p = clientProps();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, s.compressionType());
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_MESSAGE_BYTES);
        Serializer<byte[]> values = s.kind() == Scenario.Kind.SERDE
                ? new TokenpressSerializer<>(new ByteArraySerializer(), serdeConfig(s))
                : new ByteArraySerializer();
        ProduceOutcome outcome = new ProduceOutcome();
        AtomicLong acked = new AtomicLong();
        AtomicLong ackedBytes = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), values)) {
            // client start-up (metadata of the new topic) is not part of the throughput measured
            producer.partitionsFor(topic);
            RateLimiter limiter = new RateLimiter(settings.rate());
            long start = System.nanoTime();
            long deadline = start + settings.maxProduceTime().toNanos();
            for (long i = 0; i < settings.maxRecords() && System.nanoTime() < deadline; i++) {
                limiter.acquire();
                byte[] value = corpus.record(i);
                // no key, no header: the send time travels as the record's timestamp, which every path keeps
                ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, null, System.currentTimeMillis(), null, value);
                producer.send(record, (meta, e) -> {
                    if (e == null) {
                        acked.incrementAndGet();
                        ackedBytes.addAndGet(value.length);
                        progress.produced.incrementAndGet();
                        progress.producedBytes.addAndGet(value.length);
                    } else {
                        errors.incrementAndGet();
                        firstError.compareAndSet(null, e.toString());
                    }
                });
            }
            producer.flush();
            outcome.seconds = (System.nanoTime() - start) / 1e9;
        }
        outcome.acked = acked.get();
        outcome.payloadBytes = ackedBytes.get();
        outcome.errors = errors.get();
        outcome.firstError = firstError.get();
        return outcome;
    }

    private static final class ProduceOutcome {
        long acked;
        long payloadBytes;
        long errors;
        String firstError;
        double seconds;
    }
}
