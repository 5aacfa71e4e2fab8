package io.tokenpress.loadtest.run;

/** The Kafka cluster a load test runs against, and how it measures a topic's bytes on disk. */
public interface BrokerTarget extends AutoCloseable {

    /** {@code bootstrap.servers} for clients. */
    String bootstrapServers();

    /** Further settings every client needs (e.g. security); empty by default. */
    default java.util.Map<String, Object> clientConfig() {
        return java.util.Map.of();
    }

    /**
     * Bytes of the topic's log segments on the brokers (all replicas).
     *
     * @throws RuntimeException if they cannot be measured
     */
    long bytesOnDisk(String topic);

    /** How the bytes are measured, for the report. */
    String describe();

    /** Whether topics the load test created should be deleted when it ends. */
    boolean deleteTopicsAfterwards();

    @Override
    void close();
}
