package io.tokenpress.processor.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SamePartitionPartitionerTest {
    private final SamePartitionPartitioner<byte[]> partitioner = new SamePartitionPartitioner<>();

    @Test
    void sendsEachValueToThePartitionItNames() {
        for (int p = 0; p < 8; p++) {
            assertThat(partitioner.partitions("t", null, new PartitionedValue(p, new byte[] {1}), 8)).isEqualTo(Optional.of(Set.of(p)));
        }
    }

    @Test
    void refusesAPartitionTheTopicDoesNotHave() {
        assertThatThrownBy(() -> partitioner.partitions("t", null, new PartitionedValue(3, null), 2))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("has 2 partitions")
                .hasMessageContaining("partition 3");
    }

    @Test
    void serializerWritesTheBytesAndKeepsTombstones() {
        PartitionedValueSerializer s = new PartitionedValueSerializer();
        assertThat(s.serialize("t", new PartitionedValue(1, new byte[] {7, 8}))).containsExactly(7, 8);
        assertThat(s.serialize("t", new PartitionedValue(1, null))).isNull();
        assertThat(s.serialize("t", null)).isNull();
    }
}
