package io.tokenpress.processor.kafka;

import org.apache.kafka.common.serialization.Serializer;

/** Writes the bytes of a {@link PartitionedValue} (null stays null: a tombstone). */
public final class PartitionedValueSerializer implements Serializer<PartitionedValue> {
    @Override
    public byte[] serialize(String topic, PartitionedValue data) {
        return data == null ? null : data.value();
    }
}
