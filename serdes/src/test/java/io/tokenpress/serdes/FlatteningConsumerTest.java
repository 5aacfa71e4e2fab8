package io.tokenpress.serdes;

import static io.tokenpress.serdes.TestChunks.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** {@link FlatteningConsumer} over Kafka's {@link MockConsumer}; the broker-backed paths are in the ITs. */
class FlatteningConsumerTest {
    private static final TopicPartition P0 = new TopicPartition("orders.tp", 0);
    private static final TopicPartition P1 = new TopicPartition("orders.tp", 1);

    private final MockConsumer<byte[], byte[]> mock = new MockConsumer<>("earliest");
    private final FlatteningConsumer<String, String> consumer =
            new FlatteningConsumer<>(mock, Map.of(), new StringDeserializer(), new StringDeserializer());

    private void assign(TopicPartition... partitions) {
        mock.assign(List.of(partitions));
        Map<TopicPartition, Long> beginning = new java.util.HashMap<>();
        for (TopicPartition tp : partitions) {
            beginning.put(tp, 0L);
        }
        mock.updateBeginningOffsets(beginning);
        mock.seekToBeginning(List.of(partitions));
    }

    private void add(TopicPartition tp, long offset, byte[] key, byte[] value, long timestamp) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("outer", new byte[] {7});
        mock.addRecord(new ConsumerRecord<>(tp.topic(), tp.partition(), offset, timestamp, TimestampType.LOG_APPEND_TIME,
                -1, -1, key, value, headers, Optional.empty()));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void pollReturnsTheRecordsOfEachChunkWithTheChunksOffset() {
        assign(P0);
        add(P0, 0, null, TestChunks.chunk(List.of(record("a", "1", 100, 10), record("b", null, 101, 11))), 999);
        add(P0, 1, null, TestChunks.chunk(List.of(record("c", "3", 102, 12))), 999);
        List<ConsumerRecord<String, String>> got = new ArrayList<>();
        consumer.poll(Duration.ZERO).forEach(got::add);
        assertThat(got).extracting(ConsumerRecord::key).containsExactly("a", "b", "c");
        assertThat(got).extracting(ConsumerRecord::value).containsExactly("1", null, "3");
        assertThat(got).extracting(ConsumerRecord::offset).containsExactly(0L, 0L, 1L);
        assertThat(got).extracting(ConsumerRecord::timestamp).containsExactly(100L, 101L, 102L);
        assertThat(got).extracting(ConsumerRecord::timestampType).containsOnly(TimestampType.CREATE_TIME);
        assertThat(new String(got.get(0).headers().lastHeader("trace").value(), StandardCharsets.UTF_8)).isEqualTo("t-10");
        assertThat(consumer.position(P0)).isEqualTo(2);
    }

    @Test
    void singleValuesAndTombstonesKeepTheOuterRecordsMetadata() {
        assign(P0);
        add(P0, 0, utf8("k1"), new TokenpressSerializer<>(new StringSerializer()).serialize("orders.tp", "v1"), 500);
        add(P0, 1, utf8("k2"), null, 501);
        List<ConsumerRecord<String, String>> got = new ArrayList<>();
        consumer.poll(Duration.ZERO).forEach(got::add);
        assertThat(got).extracting(ConsumerRecord::key).containsExactly("k1", "k2");
        assertThat(got).extracting(ConsumerRecord::value).containsExactly("v1", null);
        assertThat(got).extracting(ConsumerRecord::timestamp).containsExactly(500L, 501L);
        assertThat(got).extracting(ConsumerRecord::timestampType).containsOnly(TimestampType.LOG_APPEND_TIME);
        assertThat(got.get(0).headers().lastHeader("outer").value()).containsExactly(7);
    }

    @Test
    void aBadChunkAfterGoodOnesEndsThePollBeforeIt() {
        assign(P0);
        add(P0, 0, null, TestChunks.chunk(List.of(record("a", "1", 100, 10))), 999);
        add(P0, 1, null, utf8("garbage"), 999);
        add(P0, 2, null, TestChunks.chunk(List.of(record("c", "3", 102, 12))), 999);
        ConsumerRecords<String, String> got = consumer.poll(Duration.ZERO);
        assertThat(got).extracting(ConsumerRecord::value).containsExactly("1");
        assertThat(got.nextOffsets().get(P0).offset()).isEqualTo(1);
        assertThat(consumer.position(P0)).as("the next poll starts at the bad chunk").isEqualTo(1);
    }

    @Test
    void aBadFirstChunkThrowsAndRewindsEveryPartitionOfThePoll() {
        assign(P0, P1);
        add(P0, 0, null, utf8("garbage"), 999);
        add(P1, 0, null, TestChunks.chunk(List.of(record("a", "1", 100, 10))), 999);
        add(P1, 1, null, TestChunks.chunk(List.of(record("b", "2", 101, 11))), 999);
        assertThatThrownBy(() -> consumer.poll(Duration.ZERO))
                .isInstanceOfSatisfying(RecordDeserializationException.class, e -> {
                    assertThat(e.topicPartition()).isEqualTo(P0);
                    assertThat(e.offset()).isZero();
                })
                .hasMessageContaining("cannot read the chunk at offset 0 of orders.tp-0")
                .hasMessageContaining("not a tokenpress envelope");
        assertThat(consumer.position(P0)).isZero();
        assertThat(consumer.position(P1)).as("nothing of the failed poll is lost").isZero();
    }

    @Test
    void closeClosesTheDelegate() {
        consumer.close();
        assertThat(mock.closed()).isTrue();
    }
}
