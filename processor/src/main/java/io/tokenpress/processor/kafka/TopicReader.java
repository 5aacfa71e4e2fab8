package io.tokenpress.processor.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a whole topic from the beginning, committed records only ({@code read_committed}), without a
 * consumer group: used to verify pipelines (demo, tests).
 */
public final class TopicReader implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<TopicPartition> partitions = new ArrayList<>();
    private final List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();

    /** @param clientProperties at least {@code bootstrap.servers} */
    public TopicReader(Map<String, Object> clientProperties, String topic) {
        Map<String, Object> p = new HashMap<>();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, clientProperties.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG));
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 << 20);
        this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        // a topic created a moment ago may take a few metadata refreshes to show up
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
        while (infos.isEmpty() && System.nanoTime() < deadline) {
            sleep(100);
            infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
        }
        for (PartitionInfo pi : infos) {
            partitions.add(new TopicPartition(topic, pi.partition()));
        }
        if (partitions.isEmpty()) {
            consumer.close();
            throw new TopicSetupException("topic '" + topic + "' does not exist");
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /**
     * Polls until at least {@code count} records were read in all or {@code timeout} passed.
     *
     * @param progress told the running count after each non-empty poll
     * @return every record read so far, in per-partition order
     */
    public List<ConsumerRecord<byte[], byte[]>> readAtLeast(long count, Duration timeout, LongConsumer progress) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (records.size() < count && System.nanoTime() < deadline) {
            int before = records.size();
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            if (records.size() != before) {
                progress.accept(records.size());
            }
        }
        return List.copyOf(records);
    }

    /** Polls until every partition is read up to its current end (last stable offset); returns every record read. */
    public List<ConsumerRecord<byte[], byte[]>> readToEnd(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        while (System.nanoTime() < deadline && !atEnd(end)) {
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        }
        return List.copyOf(records);
    }

    private boolean atEnd(Map<TopicPartition, Long> end) {
        for (TopicPartition tp : partitions) {
            if (consumer.position(tp) < end.get(tp)) {
                return false;
            }
        }
        return true;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    public int partitionCount() {
        return partitions.size();
    }

    @Override
    public void close() {
        consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5)));
    }
}
