package io.tokenpress.processor.config;

import io.tokenpress.codec.container.EnvelopeFormat;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Every setting of the processor, replay and demo. Settings this class does not define (any Kafka
 * Streams, consumer, producer or admin property) pass through unchanged to Kafka.
 *
 * <p>Read a configuration with {@link ConfigSources} ({@code --config file} plus {@code --set k=v}).
 */
public final class TokenpressConfig extends AbstractConfig {

    public static final String INPUT_TOPIC_CONFIG = "input.topic";
    public static final String INPUT_TOPIC_DOC = "Plain topic the processor reads.";

    public static final String OUTPUT_TOPIC_CONFIG = "output.topic";
    public static final String OUTPUT_TOPIC_DOC =
            "Compressed topic: the processor writes chunks to it, replay reads them. Created with the input's"
                    + " partition count when missing.";

    public static final String REPLAY_TOPIC_CONFIG = "replay.topic";
    public static final String REPLAY_TOPIC_DOC =
            "Plain topic replay writes the restored records to. Created with the compressed topic's partition"
                    + " count when missing.";

    public static final String APPLICATION_ID_CONFIG = StreamsConfig.APPLICATION_ID_CONFIG;
    public static final String APPLICATION_ID_DOC =
            "Kafka Streams application id of the processor; replay uses this id with the suffix '-replay'.";

    public static final String BOOTSTRAP_SERVERS_CONFIG = StreamsConfig.BOOTSTRAP_SERVERS_CONFIG;
    public static final String BOOTSTRAP_SERVERS_DOC =
            "Kafka brokers. Empty: start an embedded single-node KRaft broker in-process.";

    public static final String CHUNK_MAX_RECORDS_CONFIG = "chunk.max.records";
    public static final String CHUNK_MAX_RECORDS_DOC = "A partition's buffer is flushed as one chunk when it holds this many records.";

    public static final String CHUNK_MAX_BYTES_CONFIG = "chunk.max.bytes";
    public static final String CHUNK_MAX_BYTES_DOC =
            "A partition's buffer is flushed before it would exceed this many bytes (values + keys + headers);"
                    + " a larger record becomes a chunk of its own.";

    public static final String CHUNK_LINGER_MS_CONFIG = "chunk.linger.ms";
    public static final String CHUNK_LINGER_MS_DOC =
            "A non-empty buffer is flushed at the latest this long (wall-clock) after its first record arrived.";

    public static final String CODEC_CONFIG = "codec";
    public static final String CODEC_DOC = "Codec for new chunks: zstd, raw or neural. Replay decodes every codec.";

    public static final String ZSTD_LEVEL_CONFIG = "zstd.level";
    public static final String ZSTD_LEVEL_DOC = "zstd compression level (1..22).";

    public static final String MODEL_CONFIG = "model";
    public static final String MODEL_DOC = "Model for the neural codec (name, id or path, as the neural codec reads it).";

    public static final String NEURAL_ENGINE_CONFIG = "neural.engine";
    public static final String NEURAL_ENGINE_DOC = "Inference engine of the neural encoder: java (pure Java, the reference) or djl"
            + " (PyTorch through DJL; uses a GPU where DJL finds one). Both write identical chunks; replay decodes with java.";

    public static final String NEURAL_THREADS_CONFIG = "neural.threads";
    public static final String NEURAL_THREADS_DOC = "Threads the neural encoder may use for one chunk (parallelism across"
            + " partitions comes from num.stream.threads).";

    public static final String NEURAL_LATENT_SAMPLES_CONFIG = "neural.latent.samples";
    public static final String NEURAL_LATENT_SAMPLES_DOC = "Sampled latents the model's compressor proposes per chunk besides"
            + " its greedy one; each is scored by its exact coded size and the smallest candidate is kept.";

    public static final String NEURAL_LATENT_MAX_BYTES_CONFIG = "neural.latent.max.bytes";
    public static final String NEURAL_LATENT_MAX_BYTES_DOC = "Chunks longer than this get no latent proposals, only the"
            + " empty latent (each proposal costs about one more model evaluation). 0: never propose latents (fastest).";

    public static final String STATE_DIR_CONFIG = StreamsConfig.STATE_DIR_CONFIG;
    public static final String STATE_DIR_DOC = "Directory of the Kafka Streams state stores (the chunk buffers).";

    public static final String EMBEDDED_DATA_DIR_CONFIG = "embedded.data.dir";
    public static final String EMBEDDED_DATA_DIR_DOC = "Data directory of the embedded broker (used when bootstrap.servers is empty).";

    public static final String REPLAY_ON_CORRUPT_CONFIG = "replay.on.corrupt";
    public static final String REPLAY_ON_CORRUPT_DOC =
            "What replay does with a chunk it cannot decode: 'fail' stops replay with an error, 'dead-letter'"
                    + " writes the chunk unchanged to replay.dead.letter.topic. Both log topic, partition, offset"
                    + " and cause.";

    public static final String DEAD_LETTER_TOPIC_CONFIG = "replay.dead.letter.topic";
    public static final String DEAD_LETTER_TOPIC_DOC = "Dead-letter topic for undecodable chunks (replay.on.corrupt=dead-letter).";

    public static final String MAX_CHUNK_BYTES_CONFIG = "max.chunk.bytes";
    public static final String MAX_CHUNK_BYTES_DOC =
            "Replay rejects, as corrupt, a chunk declaring more original bytes than this (guards memory).";

    public static final String TOPIC_MAX_MESSAGE_BYTES_CONFIG = "topic.max.message.bytes";
    public static final String TOPIC_MAX_MESSAGE_BYTES_DOC =
            "max.message.bytes of the topics tokenpress creates (compressed, replay, dead-letter, buffer"
                    + " changelog), and max.request.size of its producers.";

    public static final String OPS_HTTP_PORT_CONFIG = "ops.http.port";
    public static final String OPS_HTTP_PORT_DOC =
            "Port of the health and metrics HTTP server that run and replay start (GET /health/live,"
                    + " /health/ready, /metrics), on all interfaces. 0: any free port, logged at start. -1: no server.";

    // ---- feedback, model stores and rollout (io.tokenpress.processor.feedback, io.tokenpress.processor.models)

    public static final String MODELS_DIR_CONFIG = "models.dir";
    public static final String MODELS_DIR_DOC =
            "Local model directory (<sha256>.tpm files, float weights <sha256>.tpfw, the ACTIVE pointer file)."
                    + " Empty: -Dtokenpress.models.dir, else $TOKENPRESS_MODELS, else ~/.tokenpress/models.";

    public static final String MODELS_TOPIC_CONFIG = "models.topic";
    public static final String MODELS_TOPIC_DOC =
            "Compacted Kafka topic holding model artifacts, their float weights and the active-model pointer, so"
                    + " every client of the cluster can fetch the models its data names. Empty: no Kafka model store;"
                    + " the active-model pointer is then the ACTIVE file of models.dir.";

    public static final String MODELS_REFRESH_MS_CONFIG = "models.refresh.ms";
    public static final String MODELS_REFRESH_MS_DOC =
            "How often a running processor re-reads the active-model pointer; a promoted model is used from the"
                    + " next chunk after that.";

    public static final String FEEDBACK_TOPIC_CONFIG = "feedback.topic";
    public static final String FEEDBACK_TOPIC_DOC =
            "Topic the processor sends one feedback event per chunk to (what the chunk cost, which model, the"
                    + " sampled verification result). Empty: no feedback events (verification still runs).";

    public static final String FEEDBACK_VERIFY_RATE_CONFIG = "feedback.verify.rate";
    public static final String FEEDBACK_VERIFY_RATE_DOC =
            "Share of chunks (0..1) the processor decodes right after writing and compares with the input; a"
                    + " mismatch is logged, counted, and the chunk is written with the fallback codec (zstd) instead.";

    public static final String FEEDBACK_SAMPLE_RATE_CONFIG = "feedback.sample.rate";
    public static final String FEEDBACK_SAMPLE_RATE_DOC =
            "Share of chunks (0..1) whose data, latent and behaviour log-probability are copied into their"
                    + " feedback event for retraining. Above 0 the feedback topic holds user data.";

    /** Default processing guarantee tokenpress sets unless configured otherwise. */
    public static final String DEFAULT_PROCESSING_GUARANTEE = StreamsConfig.EXACTLY_ONCE_V2;

    private static final String TMP = System.getProperty("java.io.tmpdir");

    private static final ConfigDef CONFIG = new ConfigDef()
            .define(INPUT_TOPIC_CONFIG, Type.STRING, "tokenpress-plain", new ConfigDef.NonEmptyString(), Importance.HIGH, INPUT_TOPIC_DOC)
            .define(OUTPUT_TOPIC_CONFIG, Type.STRING, "tokenpress-compressed", new ConfigDef.NonEmptyString(), Importance.HIGH, OUTPUT_TOPIC_DOC)
            .define(REPLAY_TOPIC_CONFIG, Type.STRING, "tokenpress-replayed", new ConfigDef.NonEmptyString(), Importance.HIGH, REPLAY_TOPIC_DOC)
            .define(APPLICATION_ID_CONFIG, Type.STRING, "tokenpress", new ConfigDef.NonEmptyString(), Importance.HIGH, APPLICATION_ID_DOC)
            .define(BOOTSTRAP_SERVERS_CONFIG, Type.STRING, "", Importance.HIGH, BOOTSTRAP_SERVERS_DOC)
            .define(CHUNK_MAX_RECORDS_CONFIG, Type.INT, 1000, Range.atLeast(1), Importance.MEDIUM, CHUNK_MAX_RECORDS_DOC)
            .define(CHUNK_MAX_BYTES_CONFIG, Type.INT, 512 * 1024, Range.between(1, 256 << 20), Importance.MEDIUM, CHUNK_MAX_BYTES_DOC)
            .define(CHUNK_LINGER_MS_CONFIG, Type.LONG, 1000L, Range.atLeast(1), Importance.MEDIUM, CHUNK_LINGER_MS_DOC)
            .define(CODEC_CONFIG, Type.STRING, "zstd", ValidString.in("zstd", "raw", "neural"), Importance.MEDIUM, CODEC_DOC)
            .define(ZSTD_LEVEL_CONFIG, Type.INT, 3, Range.between(1, 22), Importance.LOW, ZSTD_LEVEL_DOC)
            .define(MODEL_CONFIG, Type.STRING, "", Importance.MEDIUM, MODEL_DOC)
            .define(NEURAL_ENGINE_CONFIG, Type.STRING, "java", ValidString.in("java", "djl"), Importance.LOW, NEURAL_ENGINE_DOC)
            .define(NEURAL_THREADS_CONFIG, Type.INT, 1, Range.between(1, 256), Importance.LOW, NEURAL_THREADS_DOC)
            .define(NEURAL_LATENT_SAMPLES_CONFIG, Type.INT, 2, Range.between(0, 64), Importance.LOW, NEURAL_LATENT_SAMPLES_DOC)
            .define(NEURAL_LATENT_MAX_BYTES_CONFIG, Type.INT, 4096, Range.atLeast(0), Importance.LOW, NEURAL_LATENT_MAX_BYTES_DOC)
            .define(STATE_DIR_CONFIG, Type.STRING, Path.of(TMP, "tokenpress-streams").toString(), Importance.MEDIUM, STATE_DIR_DOC)
            .define(EMBEDDED_DATA_DIR_CONFIG, Type.STRING, Path.of(TMP, "tokenpress-kafka").toString(), Importance.MEDIUM, EMBEDDED_DATA_DIR_DOC)
            .define(REPLAY_ON_CORRUPT_CONFIG, Type.STRING, "fail", ValidString.in("fail", "dead-letter"), Importance.MEDIUM, REPLAY_ON_CORRUPT_DOC)
            .define(DEAD_LETTER_TOPIC_CONFIG, Type.STRING, "tokenpress-dead-letter", new ConfigDef.NonEmptyString(), Importance.LOW, DEAD_LETTER_TOPIC_DOC)
            .define(MAX_CHUNK_BYTES_CONFIG, Type.INT, EnvelopeFormat.DEFAULT_MAX_CHUNK_BYTES, Range.atLeast(1), Importance.LOW, MAX_CHUNK_BYTES_DOC)
            .define(TOPIC_MAX_MESSAGE_BYTES_CONFIG, Type.INT, 16 << 20, Range.atLeast(1024), Importance.LOW, TOPIC_MAX_MESSAGE_BYTES_DOC)
            .define(OPS_HTTP_PORT_CONFIG, Type.INT, 8080, Range.between(-1, 65535), Importance.MEDIUM, OPS_HTTP_PORT_DOC)
            .define(MODELS_DIR_CONFIG, Type.STRING, "", Importance.MEDIUM, MODELS_DIR_DOC)
            .define(MODELS_TOPIC_CONFIG, Type.STRING, "tokenpress-models", Importance.MEDIUM, MODELS_TOPIC_DOC)
            .define(MODELS_REFRESH_MS_CONFIG, Type.LONG, 1000L, Range.atLeast(0), Importance.LOW, MODELS_REFRESH_MS_DOC)
            .define(FEEDBACK_TOPIC_CONFIG, Type.STRING, "", Importance.MEDIUM, FEEDBACK_TOPIC_DOC)
            .define(FEEDBACK_VERIFY_RATE_CONFIG, Type.DOUBLE, 0.01, Range.between(0.0, 1.0), Importance.MEDIUM, FEEDBACK_VERIFY_RATE_DOC)
            .define(FEEDBACK_SAMPLE_RATE_CONFIG, Type.DOUBLE, 0.0, Range.between(0.0, 1.0), Importance.MEDIUM, FEEDBACK_SAMPLE_RATE_DOC);

    /** @throws org.apache.kafka.common.config.ConfigException naming the setting when a value is invalid */
    public TokenpressConfig(Map<?, ?> originals) {
        super(CONFIG, originals, false);
    }

    /** The definition of every tokenpress setting (for documentation and the CLI). */
    public static ConfigDef configDef() {
        return new ConfigDef(CONFIG);
    }

    /** A copy of this configuration with {@code key} set to {@code value}. */
    public TokenpressConfig with(String key, Object value) {
        Map<String, Object> m = new HashMap<>(originals());
        m.put(key, value);
        return new TokenpressConfig(m);
    }

    public String inputTopic() {
        return getString(INPUT_TOPIC_CONFIG);
    }

    public String outputTopic() {
        return getString(OUTPUT_TOPIC_CONFIG);
    }

    public String replayTopic() {
        return getString(REPLAY_TOPIC_CONFIG);
    }

    public String deadLetterTopic() {
        return getString(DEAD_LETTER_TOPIC_CONFIG);
    }

    public String applicationId() {
        return getString(APPLICATION_ID_CONFIG);
    }

    /** True when no brokers are configured and an embedded broker must be started. */
    public boolean wantsEmbeddedBroker() {
        return getString(BOOTSTRAP_SERVERS_CONFIG).isBlank();
    }

    public Path embeddedDataDir() {
        return Path.of(getString(EMBEDDED_DATA_DIR_CONFIG));
    }

    public int maxChunkBytes() {
        return getInt(MAX_CHUNK_BYTES_CONFIG);
    }

    public int topicMaxMessageBytes() {
        return getInt(TOPIC_MAX_MESSAGE_BYTES_CONFIG);
    }

    /** Port of the health and metrics server: 0 for any free port, -1 for none. */
    public int opsHttpPort() {
        return getInt(OPS_HTTP_PORT_CONFIG);
    }

    /**
     * Properties for a Kafka Streams application: every pass-through setting, plus tokenpress's defaults
     * ({@code exactly_once_v2}, byte-array serdes, large enough producer requests).
     *
     * @param applicationId the application id to use (the processor's or replay's)
     */
    public Properties streamsProperties(String applicationId) {
        Properties p = new Properties();
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, DEFAULT_PROCESSING_GUARANTEE);
        p.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), topicMaxMessageBytes());
        p.put(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
        // tokenpress has no global stores; enabling this silences Kafka's forward-compatibility warning
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, "true");
        p.putAll(kafkaPassThrough());
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, getString(BOOTSTRAP_SERVERS_CONFIG));
        p.put(StreamsConfig.STATE_DIR_CONFIG, getString(STATE_DIR_CONFIG));
        return p;
    }

    /** Properties for plain Kafka clients (admin, producer, consumer): bootstrap servers plus pass-through settings. */
    public Map<String, Object> clientProperties() {
        Map<String, Object> m = new HashMap<>(kafkaPassThrough());
        m.put(BOOTSTRAP_SERVERS_CONFIG, getString(BOOTSTRAP_SERVERS_CONFIG));
        return m;
    }

    /** Originals that tokenpress does not define itself: passed to Kafka as they are. */
    private Map<String, Object> kafkaPassThrough() {
        Set<String> own = CONFIG.names();
        Map<String, Object> m = new HashMap<>();
        originals().forEach((k, v) -> {
            if (!own.contains(k)) {
                m.put(k, v);
            }
        });
        return m;
    }
}
