package io.tokenpress.serdes.internals;

import io.tokenpress.codec.store.ClasspathModelStore;
import io.tokenpress.codec.store.DirectoryModelStore;
import io.tokenpress.codec.store.ModelSource;
import io.tokenpress.codec.store.ModelStores;
import io.tokenpress.serdes.TokenpressSerdeConfig;
import io.tokenpress.serdes.models.KafkaModelStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.ConfigException;

/**
 * The model sources a serde configuration names, in lookup order: {@code model.store.dir} (or the default
 * local directory), {@code model.store.topic}, the bundled models. Closing it closes the Kafka store's clients.
 */
public final class ModelSources implements AutoCloseable {
    private final ModelSource source;
    private final KafkaModelStore kafkaStore;

    private ModelSources(ModelSource source, KafkaModelStore kafkaStore) {
        this.source = source;
        this.kafkaStore = kafkaStore;
    }

    /**
     * @throws ConfigException if {@code model.store.topic} is set without {@code bootstrap.servers}
     */
    public static ModelSources fromConfig(TokenpressSerdeConfig config) {
        String dir = config.getString(TokenpressSerdeConfig.MODEL_STORE_DIR_CONFIG);
        List<ModelSource> chain = new ArrayList<>();
        chain.add(new DirectoryModelStore(dir.isEmpty() ? ModelStores.defaultDirectory() : Path.of(dir)));
        KafkaModelStore kafka = null;
        String topic = config.getString(TokenpressSerdeConfig.MODEL_STORE_TOPIC_CONFIG);
        if (!topic.isEmpty()) {
            kafka = new KafkaModelStore(clientProperties(config), topic);
            chain.add(kafka);
        }
        chain.add(new ClasspathModelStore());
        return new ModelSources(ModelStores.chain(chain.toArray(ModelSource[]::new)), kafka);
    }

    /** Kafka client settings of the model-store topic: connection and security settings, then overrides. */
    static Map<String, Object> clientProperties(TokenpressSerdeConfig config) {
        Map<String, Object> props = new HashMap<>();
        for (Map.Entry<String, Object> e : config.originals().entrySet()) {
            String k = e.getKey();
            if (k.equals(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG) || k.equals(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG)
                    || k.startsWith("sasl.") || k.startsWith("ssl.")) {
                props.put(k, e.getValue());
            }
        }
        props.putAll(config.originalsWithPrefix(TokenpressSerdeConfig.MODEL_STORE_CLIENT_PREFIX));
        if (!props.containsKey(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)) {
            throw new ConfigException(TokenpressSerdeConfig.MODEL_STORE_TOPIC_CONFIG + " needs "
                    + CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG + " (or " + TokenpressSerdeConfig.MODEL_STORE_CLIENT_PREFIX
                    + CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG + ") in the serde configuration");
        }
        return props;
    }

    public ModelSource source() {
        return source;
    }

    @Override
    public void close() {
        if (kafkaStore != null) {
            kafkaStore.close();
        }
    }
}
