package io.tokenpress.serdes;

import io.tokenpress.codec.container.EnvelopeFormat;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;

/**
 * Settings of every tokenpress serde ({@link TokenpressSerializer}, {@link TokenpressDeserializer},
 * {@link ChunkDeserializer}, {@link FlatteningConsumer}). They are read from the configuration map Kafka
 * clients pass to {@code configure()}, so they sit beside the producer's or consumer's own settings.
 */
public final class TokenpressSerdeConfig extends AbstractConfig {

    public static final String INNER_SERDE_CLASS_CONFIG = "inner.serde.class";
    public static final String INNER_SERDE_CLASS_DOC = "Serde of the original values, when the tokenpress serde is "
            + "configured by class name (value.serializer / value.deserializer). Its serializer turns each value into "
            + "bytes that tokenpress then compresses; its deserializer receives the restored bytes.";

    public static final String KEY_INNER_SERDE_CLASS_CONFIG = "key.inner.serde.class";
    public static final String KEY_INNER_SERDE_CLASS_DOC = "Serde of the original keys when a tokenpress serde is also "
            + "the key serde; defaults to " + INNER_SERDE_CLASS_CONFIG + ".";

    public static final String CODEC_CONFIG = "codec";
    public static final String CODEC_ZSTD = "zstd";
    public static final String CODEC_NEURAL = "neural";
    public static final String CODEC_DOC = "How the serializer compresses: 'zstd' (conventional, no model needed) or "
            + "'neural' (the learned model named by 'model'; each value is written by the smallest of the neural "
            + "code, zstd at zstd.level and raw bytes). Readers decode every codec whatever this says.";

    public static final String ZSTD_LEVEL_CONFIG = "zstd.level";
    public static final String ZSTD_LEVEL_DOC = "zstd compression level (1..22) for codec=zstd.";

    public static final String MODEL_CONFIG = "model";
    public static final String MODEL_DOC = "The model the neural codec writes with: a model name or hex id in the model "
            + "store. Readers need no model setting: the envelope names the model that wrote it.";

    public static final String MODEL_STORE_DIR_CONFIG = "model.store.dir";
    public static final String MODEL_STORE_DIR_DOC = "Directory of the local model store models are read from (by the "
            + "neural encoder, and by readers for the model an envelope names); empty for the default directory "
            + "(system property tokenpress.models.dir, else $TOKENPRESS_MODELS, else ~/.tokenpress/models). The "
            + "models bundled on the classpath are searched after it.";

    public static final String MODEL_STORE_TOPIC_CONFIG = "model.store.topic";
    public static final String MODEL_STORE_TOPIC_DOC = "Compacted Kafka topic holding model artifacts (see KafkaModelStore), "
            + "searched after model.store.dir; empty for none. Its clients use this configuration's bootstrap.servers "
            + "and security settings (security.protocol, sasl.*, ssl.*), overridden by settings prefixed with "
            + "'model.store.client.'.";

    /** Prefix of Kafka client settings for the model-store topic's clients. */
    public static final String MODEL_STORE_CLIENT_PREFIX = "model.store.client.";

    public static final String MAX_CHUNK_BYTES_CONFIG = "max.chunk.bytes";
    public static final String MAX_CHUNK_BYTES_DOC = "Envelopes declaring a larger original length are rejected as "
            + "corrupt, so a damaged length field cannot make a reader allocate without bound.";

    public static final String SCHEMA_REGISTRY_URL_CONFIG = "schema.registry.url";
    public static final String SCHEMA_REGISTRY_URL_DOC = "Comma-separated base URLs of a schema registry speaking the "
            + "Confluent REST API (Confluent, Apicurio at /apis/ccompat/v7, Karapace, Redpanda). When set, envelopes are "
            + "written in the Confluent wire format (magic byte 0, 4-byte schema id, Avro binary); when empty, in Avro "
            + "single-object encoding. Readers accept both; Confluent-format data needs this setting to be read.";

    public static final String AUTO_REGISTER_SCHEMAS_CONFIG = "auto.register.schemas";
    public static final String AUTO_REGISTER_SCHEMAS_DOC = "Whether the serializer registers the envelope schema under "
            + "the subject '<topic>-value' (or '-key'); when false it looks the schema up and fails if it is missing.";

    public static final String BASIC_AUTH_USER_INFO_CONFIG = "schema.registry.basic.auth.user.info";
    public static final String BASIC_AUTH_USER_INFO_DOC = "'user:password' for HTTP basic authentication to the "
            + "schema registry; empty for none.";

    public static final String REQUEST_TIMEOUT_MS_CONFIG = "schema.registry.request.timeout.ms";
    public static final String REQUEST_TIMEOUT_MS_DOC = "Timeout of one schema-registry request.";

    public static final String SSL_TRUSTSTORE_LOCATION_CONFIG = "schema.registry.ssl.truststore.location";
    public static final String SSL_TRUSTSTORE_LOCATION_DOC = "Trust store for the registry's TLS certificate; empty for "
            + "the JVM's default trust store.";
    public static final String SSL_TRUSTSTORE_PASSWORD_CONFIG = "schema.registry.ssl.truststore.password";
    public static final String SSL_TRUSTSTORE_PASSWORD_DOC = "Password of the trust store.";
    public static final String SSL_TRUSTSTORE_TYPE_CONFIG = "schema.registry.ssl.truststore.type";
    public static final String SSL_TRUSTSTORE_TYPE_DOC = "Type of the trust store (PKCS12, JKS).";
    public static final String SSL_KEYSTORE_LOCATION_CONFIG = "schema.registry.ssl.keystore.location";
    public static final String SSL_KEYSTORE_LOCATION_DOC = "Key store with the client certificate for mutual TLS; empty "
            + "for none.";
    public static final String SSL_KEYSTORE_PASSWORD_CONFIG = "schema.registry.ssl.keystore.password";
    public static final String SSL_KEYSTORE_PASSWORD_DOC = "Password of the key store.";
    public static final String SSL_KEY_PASSWORD_CONFIG = "schema.registry.ssl.key.password";
    public static final String SSL_KEY_PASSWORD_DOC = "Password of the private key; defaults to the key store password.";
    public static final String SSL_KEYSTORE_TYPE_CONFIG = "schema.registry.ssl.keystore.type";
    public static final String SSL_KEYSTORE_TYPE_DOC = "Type of the key store (PKCS12, JKS).";

    private static final ConfigDef CONFIG = new ConfigDef()
            .define(INNER_SERDE_CLASS_CONFIG, Type.CLASS, null, Importance.HIGH, INNER_SERDE_CLASS_DOC)
            .define(KEY_INNER_SERDE_CLASS_CONFIG, Type.CLASS, null, Importance.MEDIUM, KEY_INNER_SERDE_CLASS_DOC)
            .define(CODEC_CONFIG, Type.STRING, CODEC_ZSTD, ValidString.in(CODEC_ZSTD, CODEC_NEURAL), Importance.HIGH,
                    CODEC_DOC)
            .define(ZSTD_LEVEL_CONFIG, Type.INT, 3, ConfigDef.Range.between(1, 22), Importance.LOW, ZSTD_LEVEL_DOC)
            .define(MODEL_CONFIG, Type.STRING, "", Importance.HIGH, MODEL_DOC)
            .define(MODEL_STORE_DIR_CONFIG, Type.STRING, "", Importance.MEDIUM, MODEL_STORE_DIR_DOC)
            .define(MODEL_STORE_TOPIC_CONFIG, Type.STRING, "", Importance.MEDIUM, MODEL_STORE_TOPIC_DOC)
            .define(MAX_CHUNK_BYTES_CONFIG, Type.INT, EnvelopeFormat.DEFAULT_MAX_CHUNK_BYTES,
                    ConfigDef.Range.atLeast(1), Importance.LOW, MAX_CHUNK_BYTES_DOC)
            .define(SCHEMA_REGISTRY_URL_CONFIG, Type.LIST, "", Importance.HIGH, SCHEMA_REGISTRY_URL_DOC)
            .define(AUTO_REGISTER_SCHEMAS_CONFIG, Type.BOOLEAN, true, Importance.MEDIUM, AUTO_REGISTER_SCHEMAS_DOC)
            .define(BASIC_AUTH_USER_INFO_CONFIG, Type.PASSWORD, "", Importance.MEDIUM, BASIC_AUTH_USER_INFO_DOC)
            .define(REQUEST_TIMEOUT_MS_CONFIG, Type.INT, 30_000, ConfigDef.Range.atLeast(1), Importance.LOW,
                    REQUEST_TIMEOUT_MS_DOC)
            .define(SSL_TRUSTSTORE_LOCATION_CONFIG, Type.STRING, "", Importance.LOW, SSL_TRUSTSTORE_LOCATION_DOC)
            .define(SSL_TRUSTSTORE_PASSWORD_CONFIG, Type.PASSWORD, "", Importance.LOW, SSL_TRUSTSTORE_PASSWORD_DOC)
            .define(SSL_TRUSTSTORE_TYPE_CONFIG, Type.STRING, "PKCS12", Importance.LOW, SSL_TRUSTSTORE_TYPE_DOC)
            .define(SSL_KEYSTORE_LOCATION_CONFIG, Type.STRING, "", Importance.LOW, SSL_KEYSTORE_LOCATION_DOC)
            .define(SSL_KEYSTORE_PASSWORD_CONFIG, Type.PASSWORD, "", Importance.LOW, SSL_KEYSTORE_PASSWORD_DOC)
            .define(SSL_KEY_PASSWORD_CONFIG, Type.PASSWORD, "", Importance.LOW, SSL_KEY_PASSWORD_DOC)
            .define(SSL_KEYSTORE_TYPE_CONFIG, Type.STRING, "PKCS12", Importance.LOW, SSL_KEYSTORE_TYPE_DOC);

    /**
     * @throws org.apache.kafka.common.config.ConfigException if a setting is malformed or out of range
     */
    public TokenpressSerdeConfig(Map<?, ?> originals) {
        super(CONFIG, originals, false);
    }

    /** The definitions of every setting, e.g. for generated documentation. */
    public static ConfigDef configDef() {
        return new ConfigDef(CONFIG);
    }

    /** True when a schema registry is configured. */
    public boolean usesSchemaRegistry() {
        return !getList(SCHEMA_REGISTRY_URL_CONFIG).isEmpty();
    }
}
