package io.tokenpress.loadtest.run;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;

/**
 * A cluster given by {@code bootstrap.servers}. Bytes on disk are what the brokers report for the
 * topic's partition replicas ({@code Admin.describeLogDirs}: each replica's log segment bytes, as the
 * broker measures its files).
 */
public final class ExternalCluster implements BrokerTarget {
    private final String bootstrapServers;
    private final Map<String, Object> clientConfig;
    private final Admin admin;

    /** @param clientConfig extra client settings (security) passed to every client */
    public ExternalCluster(String bootstrapServers, Map<String, Object> clientConfig) {
        this.bootstrapServers = bootstrapServers;
        this.clientConfig = Map.copyOf(clientConfig);
        java.util.HashMap<String, Object> c = new java.util.HashMap<>(clientConfig);
        c.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        this.admin = Admin.create(c);
    }

    @Override
    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public Map<String, Object> clientConfig() {
        return clientConfig;
    }

    @Override
    public long bytesOnDisk(String topic) {
        try {
            var brokers = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).stream().map(Node::id).toList();
            long total = 0;
            for (Map<String, LogDirDescription> dirs : admin.describeLogDirs(brokers).allDescriptions().get(30, TimeUnit.SECONDS).values()) {
                for (LogDirDescription d : dirs.values()) {
                    for (Map.Entry<TopicPartition, ReplicaInfo> r : d.replicaInfos().entrySet()) {
                        if (r.getKey().topic().equals(topic)) {
                            total += r.getValue().size();
                        }
                    }
                }
            }
            return total;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking the brokers for the size of " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot ask the brokers for the size of " + topic + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String describe() {
        return "cluster at " + bootstrapServers + "; bytes on disk = log segment bytes of every replica of the topic, "
                + "as the brokers report them (Admin.describeLogDirs)";
    }

    @Override
    public boolean deleteTopicsAfterwards() {
        return true;
    }

    @Override
    public void close() {
        admin.close();
    }
}
