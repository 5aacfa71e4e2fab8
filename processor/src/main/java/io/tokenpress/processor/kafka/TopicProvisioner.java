package io.tokenpress.processor.kafka;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Creates and checks the topics a pipeline stage writes: a target topic must have exactly as many
 * partitions as its source, because every chunk keeps its partition number.
 */
public final class TopicProvisioner {
    private static final long TIMEOUT_SECONDS = 60;

    private final Admin admin;
    private final int maxMessageBytes;

    /** @param maxMessageBytes {@code max.message.bytes} of topics this class creates */
    public TopicProvisioner(Admin admin, int maxMessageBytes) {
        this.admin = admin;
        this.maxMessageBytes = maxMessageBytes;
    }

    /**
     * The partition count of {@code topic}.
     *
     * @throws TopicSetupException if the topic does not exist or cannot be described
     */
    public int partitionCount(String topic) {
        Optional<Integer> n = describe(topic);
        return n.orElseThrow(() -> new TopicSetupException("topic '" + topic + "' does not exist; create it or produce to it first"));
    }

    /**
     * Creates {@code target} with the partition count of {@code source} if it is missing.
     *
     * @return the partition count of both
     * @throws TopicSetupException if {@code source} is missing or {@code target} exists with another count
     */
    public int ensureSamePartitions(String source, String target) {
        int n = partitionCount(source);
        ensurePartitions(target, n, "the partition count of '" + source + "'");
        return n;
    }

    /**
     * Creates {@code topic} with {@code partitions} partitions if it is missing, else checks its count.
     *
     * @throws TopicSetupException if it exists with another partition count
     */
    public void ensurePartitions(String topic, int partitions, String why) {
        Optional<Integer> existing = describe(topic);
        if (existing.isEmpty()) {
            try {
                NewTopic t = new NewTopic(topic, Optional.of(partitions), Optional.empty())
                        .configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(maxMessageBytes)));
                admin.createTopics(Set.of(t)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                awaitLeaders(topic);
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new TopicSetupException("cannot create topic '" + topic + "': " + e.getCause().getMessage(), e.getCause());
                }
                existing = describe(topic);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TopicSetupException("interrupted while creating topic '" + topic + "'", e);
            } catch (TimeoutException e) {
                throw new TopicSetupException("timed out creating topic '" + topic + "'", e);
            }
        }
        int have = existing.orElse(partitions);
        if (have != partitions) {
            throw new TopicSetupException("topic '" + topic + "' has " + have + " partitions but needs " + partitions
                    + " (" + why + "): every chunk keeps its partition number; delete it or configure another topic");
        }
    }

    /**
     * Waits until every partition of a just-created topic has a leader: producing before that gets
     * NOT_LEADER_OR_FOLLOWER retries, which can confuse an idempotent producer's sequence numbers.
     */
    private void awaitLeaders(String topic) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (System.nanoTime() < deadline) {
            try {
                TopicDescription d = admin.describeTopics(Set.of(topic)).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).get(topic);
                if (d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
                    return;
                }
            } catch (ExecutionException | TimeoutException e) {
                // not visible yet: retry
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TopicSetupException("interrupted while waiting for topic '" + topic + "'", e);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TopicSetupException("interrupted while waiting for topic '" + topic + "'", e);
            }
        }
        throw new TopicSetupException("topic '" + topic + "' was created but its partitions got no leader within "
                + TIMEOUT_SECONDS + " s");
    }

    private Optional<Integer> describe(String topic) {
        try {
            Map<String, TopicDescription> d = admin.describeTopics(Set.of(topic)).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return Optional.of(d.get(topic).partitions().size());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return Optional.empty();
            }
            throw new TopicSetupException("cannot describe topic '" + topic + "': " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TopicSetupException("interrupted while describing topic '" + topic + "'", e);
        } catch (TimeoutException e) {
            throw new TopicSetupException("timed out describing topic '" + topic + "'", e);
        }
    }
}
