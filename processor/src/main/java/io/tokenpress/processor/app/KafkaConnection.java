package io.tokenpress.processor.app;

import io.tokenpress.processor.broker.EmbeddedKafkaBroker;
import io.tokenpress.processor.config.TokenpressConfig;
import java.util.Optional;

/**
 * The Kafka cluster a command talks to: the configured one, or, with no {@code bootstrap.servers}, an
 * embedded broker started for the command's lifetime. {@link #config()} always names real brokers.
 */
public final class KafkaConnection implements AutoCloseable {
    private final TokenpressConfig config;
    private final EmbeddedKafkaBroker broker;

    private KafkaConnection(TokenpressConfig config, EmbeddedKafkaBroker broker) {
        this.config = config;
        this.broker = broker;
    }

    /** Connects, starting the embedded broker in {@code embedded.data.dir} when no brokers are configured. */
    public static KafkaConnection open(TokenpressConfig config) {
        if (!config.wantsEmbeddedBroker()) {
            return new KafkaConnection(config, null);
        }
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(config.embeddedDataDir());
        return new KafkaConnection(config.with(TokenpressConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()), broker);
    }

    /** The configuration, with {@code bootstrap.servers} set. */
    public TokenpressConfig config() {
        return config;
    }

    public Optional<EmbeddedKafkaBroker> embeddedBroker() {
        return Optional.ofNullable(broker);
    }

    @Override
    public void close() {
        if (broker != null) {
            broker.close();
        }
    }
}
