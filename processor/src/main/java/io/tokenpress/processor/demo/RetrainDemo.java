package io.tokenpress.processor.demo;

import io.tokenpress.codec.ChunkDecoder;
import io.tokenpress.codec.ChunkEncoder;
import io.tokenpress.codec.CodedBlock;
import io.tokenpress.codec.ModelIds;
import io.tokenpress.codec.container.EnvelopeFormat;
import io.tokenpress.codec.model.ModelArtifact;
import io.tokenpress.codec.neural.NeuralCodecs;
import io.tokenpress.codec.neural.NeuralOptions;
import io.tokenpress.codec.store.ModelStores;
import io.tokenpress.codec.train.FeedbackTrainer;
import io.tokenpress.codec.train.LatentCost;
import io.tokenpress.processor.app.Pipeline;
import io.tokenpress.processor.chunk.ChunkReader;
import io.tokenpress.processor.chunk.ChunkWriter;
import io.tokenpress.processor.config.TokenpressConfig;
import io.tokenpress.processor.feedback.FeedbackEvents;
import io.tokenpress.processor.kafka.StreamsRunner;
import io.tokenpress.processor.kafka.TopicProvisioner;
import io.tokenpress.processor.kafka.TopicReader;
import io.tokenpress.processor.models.ModelCatalog;
import io.tokenpress.processor.models.ModelRollout;
import io.tokenpress.processor.retrain.RetrainJob;
import io.tokenpress.processor.retrain.RetrainOptions;
import io.tokenpress.processor.retrain.RetrainReport;
import io.tokenpress.schema.ChunkEnvelope;
import io.tokenpress.schema.CodecKind;
import io.tokenpress.schema.FeedbackEvent;
import io.tokenpress.serdes.ChunkRecord;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * {@code tokenpress demo --retrain}: the whole feedback loop on running brokers.
 * <ol>
 *   <li>the first part of the sample is compressed with the starting model (bundled, or {@code model})
 *       while the processor logs feedback with a sampled copy of every chunk;
 *   <li>{@code tokenpress retrain} runs on that feedback topic and the new model is promoted;
 *   <li>the rest of the sample is compressed by the same running processor, which switches models at
 *       the next chunk;
 *   <li>the whole compressed topic (chunks of both models) is replayed and every record verified;
 *   <li>the rest of the sample's chunks are coded with both models to compare their bits per byte.
 * </ol>
 */
public final class RetrainDemo {
    private static final Duration WAIT = Duration.ofMinutes(15);

    private final TokenpressConfig config;
    private final int partitions;
    private final PrintStream progress;
    private final FeedbackTrainer.Options training;

    /**
     * @param config with {@code bootstrap.servers}, fresh topics and a models directory of its own
     * @param training retraining settings
     */
    public RetrainDemo(TokenpressConfig config, int partitions, PrintStream progress, FeedbackTrainer.Options training) {
        if (config.wantsEmbeddedBroker()) {
            throw new IllegalArgumentException("RetrainDemo needs bootstrap.servers; start the broker first");
        }
        this.config = config.with(TokenpressConfig.CODEC_CONFIG, "neural")
                .with(TokenpressConfig.FEEDBACK_SAMPLE_RATE_CONFIG, "1.0")
                .with(TokenpressConfig.FEEDBACK_VERIFY_RATE_CONFIG, "0.1")
                .with(TokenpressConfig.MODELS_REFRESH_MS_CONFIG, "200")
                // the neural codec runs on the CPU here: give a transaction time for a few chunks
                .with("producer.transaction.timeout.ms", "300000")
                .with("consumer.max.poll.interval.ms", "600000");
        this.partitions = partitions;
        this.progress = progress;
        this.training = training;
    }

    /** Runs the loop on {@code lines} (one record each). */
    public RetrainDemoReport run(List<byte[]> lines) throws InterruptedException {
        long started = System.nanoTime();
        String feedbackTopic = config.getString(TokenpressConfig.FEEDBACK_TOPIC_CONFIG);
        int firstPart = lines.size() / 2;
        ModelArtifact start;
        try (ModelCatalog catalog = ModelCatalog.open(config)) {
            start = startingModel(catalog);
            String ref = config.getString(TokenpressConfig.MODEL_CONFIG);
            byte[] bytes = java.nio.file.Files.isRegularFile(Path.of(ref)) ? readFile(Path.of(ref)) : catalog.artifactBytes(start);
            catalog.add(bytes, catalog.floatWeights(start).orElse(null));
            catalog.pointer().promote(start.id());
        }
        progress.printf("starting model %s (%s); feedback to '%s' with every chunk sampled%n", shortId(start.id()), start.name(), feedbackTopic);
        try (Admin admin = Admin.create(config.clientProperties())) {
            new TopicProvisioner(admin, config.topicMaxMessageBytes()).ensurePartitions(config.inputTopic(), partitions, "demo");
        }
        List<List<ChunkRecord>> expected = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            expected.add(new ArrayList<>());
        }
        RetrainReport retrain;
        try (StreamsRunner processor = Pipeline.startProcessor(config);
                KafkaProducer<byte[], byte[]> producer = producer();
                TopicReader compressed = new TopicReader(config.clientProperties(), config.outputTopic())) {
            produce(producer, lines, 0, firstPart, expected);
            progress.printf("compressing the first %,d records with %s...%n", firstPart, shortId(start.id()));
            await(compressed, processor, firstPart);

            progress.println("retraining from the feedback topic...");
            try (ModelCatalog catalog = ModelCatalog.open(config)) {
                RetrainOptions opt = RetrainOptions.defaults(feedbackTopic).withParent(start.id()).withTraining(training)
                        .withPromotion(true, true);
                retrain = new RetrainJob(catalog, progress).run(config.clientProperties(), opt);
            }
            progress.print(retrain.summary());

            produce(producer, lines, firstPart, lines.size(), expected);
            progress.printf("compressing the remaining %,d records (the processor switches at its next chunk)...%n", lines.size() - firstPart);
            await(compressed, processor, lines.size());
        }

        // replay everything and verify; measure both models on the rest of the sample
        List<ConsumerRecord<byte[], byte[]>> back;
        try (StreamsRunner replay = Pipeline.startReplay(config);
                TopicReader reader = new TopicReader(config.clientProperties(), config.replayTopic())) {
            progress.println("replaying the whole compressed topic...");
            back = reader.readAtLeast(lines.size(), WAIT, n -> failIfStopped(replay));
            back = reader.readToEnd(Duration.ofSeconds(5));
        }
        long mismatches = DemoRunner.verify(expected, back);
        Set<String> used = new LinkedHashSet<>();
        List<byte[]> restChunks = new ArrayList<>();
        Map<Integer, Long> boundary = boundaries(expected, firstPart);
        try (TopicReader reader = new TopicReader(config.clientProperties(), config.outputTopic());
                ChunkDecoder decoder = ModelRollout.decoder(config)) {
            EnvelopeFormat format = new EnvelopeFormat(config.maxChunkBytes());
            ChunkReader unpack = new ChunkReader(decoder, config.maxChunkBytes());
            for (ConsumerRecord<byte[], byte[]> r : reader.readToEnd(Duration.ofSeconds(60))) {
                ChunkEnvelope e = format.decode(r.value());
                if (e.getCodec() == CodecKind.NEURAL) {
                    used.add(fullId(format.toBlock(e).modelId(), start, retrain));
                }
                List<ChunkRecord> records = unpack.read(r.value()).records();
                if (records.get(0).sourceOffset() >= boundary.getOrDefault(r.partition(), 0L)) {
                    restChunks.add(ChunkWriter.codedData(records));
                }
            }
        }
        long events = 0;
        long sampled = 0;
        try (TopicReader reader = new TopicReader(config.clientProperties(), feedbackTopic)) {
            for (ConsumerRecord<byte[], byte[]> r : reader.readToEnd(Duration.ofSeconds(60))) {
                FeedbackEvent e = FeedbackEvents.decode(r.value());
                events++;
                sampled += e.getSample() == null ? 0 : 1;
            }
        }
        double before;
        double after;
        try (ModelCatalog catalog = ModelCatalog.open(config)) {
            progress.printf("coding the rest of the sample (%d chunks) with both models...%n", restChunks.size());
            before = bitsPerByte(start, restChunks);
            after = bitsPerByte(ModelStores.require(catalog.source(), ModelIds.fromHex(retrain.modelId())), restChunks);
        }
        return new RetrainDemoReport(lines.size(), firstPart, back.size(), mismatches, new ArrayList<>(used), start.id(),
                retrain.modelId(), before, after, events, sampled, retrain.improved(), (System.nanoTime() - started) / 1e9);
    }

    /** The configured {@code model}, else the bundled model named json, else general, else any bundled model. */
    private ModelArtifact startingModel(ModelCatalog catalog) {
        String ref = config.getString(TokenpressConfig.MODEL_CONFIG);
        if (!ref.isBlank()) {
            return ModelStores.resolve(ref, catalog.source());
        }
        List<ModelArtifact> all = new ArrayList<>(catalog.source().list());
        all.sort(Comparator.comparingInt((ModelArtifact a) -> a.name().equals("json") ? 0 : a.name().equals("general") ? 1 : 2));
        if (all.isEmpty()) {
            throw new IllegalStateException("no model to start from: this build bundles none and 'model' is not set;"
                    + " pass --set model=FILE.tpm");
        }
        return all.get(0);
    }

    private static String fullId(byte[] shortId, ModelArtifact start, RetrainReport retrain) {
        String hex = ModelIds.toHex(shortId);
        for (String id : List.of(start.id(), retrain.modelId(), retrain.parentId())) {
            if (id.startsWith(hex)) {
                return id;
            }
        }
        return hex;
    }

    /** Per partition, the offset of the first record of the rest of the sample. */
    private Map<Integer, Long> boundaries(List<List<ChunkRecord>> expected, int firstPart) {
        Map<Integer, Long> m = new HashMap<>();
        for (int i = 0; i < firstPart; i++) {
            m.merge(i % partitions, 1L, Long::sum);
        }
        return m;
    }

    private double bitsPerByte(ModelArtifact model, List<byte[]> chunks) {
        double bits = 0;
        long bytes = 0;
        try (ChunkEncoder enc = NeuralCodecs.encoder(model, NeuralOptions.defaults())) {
            for (byte[] c : chunks) {
                CodedBlock b = enc.encode(c);
                bits += 8.0 * b.payloadLength() + LatentCost.bits(b.latentTokens());
                bytes += c.length;
            }
        }
        return bits / Math.max(1, bytes);
    }

    private void produce(KafkaProducer<byte[], byte[]> producer, List<byte[]> lines, int from, int to, List<List<ChunkRecord>> expected) {
        long base = System.currentTimeMillis();
        for (int i = from; i < to; i++) {
            int p = i % partitions;
            producer.send(new ProducerRecord<>(config.inputTopic(), p, base + i, null, lines.get(i)));
            expected.get(p).add(new ChunkRecord(null, lines.get(i), base + i, new RecordHeaders(), -1));
        }
        producer.flush();
    }

    private void await(TopicReader compressed, StreamsRunner processor, long records) {
        EnvelopeFormat format = new EnvelopeFormat(config.maxChunkBytes());
        long deadline = System.nanoTime() + WAIT.toNanos();
        long shown = -1;
        while (true) {
            long n = 0;
            for (ConsumerRecord<byte[], byte[]> r : compressed.readToEnd(Duration.ofSeconds(2))) {
                n += format.decode(r.value()).getRecords().size();
            }
            if (n != shown) {
                progress.printf("  %,d / %,d records compressed%n", n, records);
                shown = n;
            }
            if (n >= records) {
                return;
            }
            failIfStopped(processor);
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for " + records + " compressed records (have " + n + ")");
            }
        }
    }

    private static void failIfStopped(StreamsRunner r) {
        if (r.isStopped()) {
            throw new IllegalStateException("a pipeline stage stopped: " + (r.failure() == null ? r.state() : StreamsRunner.rootMessage(r.failure())));
        }
    }

    private KafkaProducer<byte[], byte[]> producer() {
        Map<String, Object> props = new HashMap<>(config.clientProperties());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static byte[] readFile(Path f) {
        try {
            return java.nio.file.Files.readAllBytes(f);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + f, e);
        }
    }

    private static String shortId(String id) {
        return id.substring(0, Math.min(16, id.length()));
    }
}
