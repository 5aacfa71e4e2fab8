package io.tokenpress.processor.kafka;

import java.util.Arrays;

/**
 * A value bound for a given partition number of its sink topic. Sinks write {@link #value()} as the
 * record value (null for a tombstone) and {@link SamePartitionPartitioner} places it.
 */
public record PartitionedValue(int partition, byte[] value) {
    public PartitionedValue {
        if (partition < 0) {
            throw new IllegalArgumentException("partition < 0: " + partition);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PartitionedValue p && partition == p.partition && Arrays.equals(value, p.value);
    }

    @Override
    public int hashCode() {
        return 31 * partition + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "PartitionedValue{" + partition + ", " + (value == null ? "null" : value.length + "B") + "}";
    }
}
