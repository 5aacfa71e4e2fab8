package io.tokenpress.processor.kafka;

import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * Sends each {@link PartitionedValue} to the partition number it names, so that a chunk of input
 * partition {@code p} lands in partition {@code p} of the compressed topic (and back again on replay).
 *
 * @throws IllegalStateException if the sink topic has fewer partitions than the value names (the
 *     topics are validated before start, so this means they changed while running)
 */
public final class SamePartitionPartitioner<K> implements StreamPartitioner<K, PartitionedValue> {
    @Override
    public Optional<Set<Integer>> partitions(String topic, K key, PartitionedValue value, int numPartitions) {
        if (value.partition() >= numPartitions) {
            throw new IllegalStateException("topic " + topic + " has " + numPartitions
                    + " partitions but a record is bound for partition " + value.partition()
                    + "; the plain and compressed topics must have the same partition count");
        }
        return Optional.of(Set.of(value.partition()));
    }
}
