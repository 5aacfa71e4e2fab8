package io.tokenpress.serdes;

import io.tokenpress.codec.TokenpressException;
import io.tokenpress.serdes.internals.ChunkReader;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.consumer.OffsetCommitCallback;
import org.apache.kafka.clients.consumer.SubscriptionPattern;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.RecordDeserializationException.DeserializationExceptionOrigin;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * A {@link Consumer} of a chunked topic whose {@link #poll} returns the original records, so consumer code
 * written for the plain topic works unchanged. Everything else (subscription, assignment, seeking, commits,
 * metadata) is delegated to a byte-array consumer of the chunked topic.
 *
 * <h2>Offsets and delivery semantics</h2>
 * <ul>
 *   <li>Every record restored from a chunk carries the chunk's offset (and partition) in the chunked topic;
 *       {@code record.offset() + 1} is the position after the whole chunk. The record's offset in the plain
 *       topic is not exposed as its offset.
 *   <li>{@code poll} returns whole chunks only, so positions, and therefore commits, are always at chunk
 *       boundaries. {@code max.poll.records} counts chunks, not original records.
 *   <li>Committing after processing a poll's records ({@link #commitSync()}, auto-commit, or
 *       {@code record.offset() + 1} of a chunk's last record) gives <b>at-least-once</b> delivery: a crash
 *       in the middle of a chunk replays the whole chunk, so the records of that chunk processed before the
 *       crash are delivered again. Committing an offset of a chunk before finishing its records gives
 *       at-most-once delivery for the rest of that chunk. Transactions ({@code sendOffsetsToTransaction} with
 *       the committed offsets after processing whole polls) give exactly-once, as for a plain consumer.
 *   <li>Seeking to an offset seeks to the chunk at that offset; all its records are returned again.
 *   <li>The processor writes chunks in transactions (exactly-once by default): set
 *       {@code isolation.level=read_committed} so that chunks of aborted transactions are never delivered.
 * </ul>
 *
 * <h2>Errors</h2>
 * A chunk that cannot be read (corrupt, unknown format version, model unavailable) raises a
 * {@link RecordDeserializationException} naming its partition, offset and cause, from the poll in which it
 * is the first chunk of its partition (a poll first returns the records of the chunks before it). Nothing is
 * skipped: the consumer's positions are moved back so that the next poll starts again at the chunk that
 * failed (and at the first chunk of that poll for the other partitions). Seek past it ({@code offset + 1})
 * to skip it. A key or value deserializer that fails is handled the same way.
 *
 * <p>Not thread-safe, like {@link KafkaConsumer}.
 *
 * @param <K> type of the original keys
 * @param <V> type of the original values
 */
public final class FlatteningConsumer<K, V> implements Consumer<K, V> {
    private final Consumer<byte[], byte[]> delegate;
    private final ChunkReader reader;
    private final Deserializer<K> keyDeserializer;
    private final Deserializer<V> valueDeserializer;

    /**
     * Wraps {@code delegate}, a consumer of the chunked topic. The deserializers (of the original keys and
     * values) must be configured; they and the delegate are closed by {@link #close()}.
     *
     * @param configs tokenpress settings ({@link TokenpressSerdeConfig}): model store, schema registry
     */
    public FlatteningConsumer(Consumer<byte[], byte[]> delegate, Map<String, ?> configs,
            Deserializer<K> keyDeserializer, Deserializer<V> valueDeserializer) {
        this.delegate = delegate;
        this.reader = ChunkReader.fromConfig(new TokenpressSerdeConfig(configs));
        this.keyDeserializer = keyDeserializer;
        this.valueDeserializer = valueDeserializer;
    }

    /**
     * A {@link KafkaConsumer} of the chunked topic with {@code configs} (consumer and tokenpress settings
     * together; {@code key.deserializer} and {@code value.deserializer} are not needed), flattened.
     */
    public static <K, V> FlatteningConsumer<K, V> create(Map<String, Object> configs,
            Deserializer<K> keyDeserializer, Deserializer<V> valueDeserializer) {
        KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(configs, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        try {
            return new FlatteningConsumer<>(consumer, configs, keyDeserializer, valueDeserializer);
        } catch (RuntimeException e) {
            consumer.close();
            throw e;
        }
    }

    /**
     * Polls the chunked topic and returns the original records of the chunks received, in order per
     * partition.
     *
     * @throws RecordDeserializationException if a chunk cannot be read and it is the first chunk of its
     *     partition in this poll; positions are moved back (see the class documentation). A chunk that fails
     *     after others of its partition were read ends that partition's records for this poll, and the next
     *     poll starts at it (and throws).
     */
    @Override
    public ConsumerRecords<K, V> poll(Duration timeout) {
        ConsumerRecords<byte[], byte[]> chunks = delegate.poll(timeout);
        if (chunks.isEmpty()) {
            return ConsumerRecords.empty();
        }
        Map<TopicPartition, List<ConsumerRecord<K, V>>> out = new LinkedHashMap<>();
        Map<TopicPartition, OffsetAndMetadata> nextOffsets = new LinkedHashMap<>(chunks.nextOffsets());
        for (TopicPartition tp : chunks.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> polled = chunks.records(tp);
            List<ConsumerRecord<K, V>> restored = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> chunk : polled) {
                try {
                    restore(chunk, restored);
                } catch (TokenpressException | SerializationException e) {
                    if (chunk == polled.get(0)) {
                        throw failed(chunks, tp, chunk, e);
                    }
                    // return what came before it; the next poll starts at the failed chunk and throws there
                    delegate.seek(tp, chunk.offset());
                    nextOffsets.put(tp, new OffsetAndMetadata(chunk.offset(), chunk.leaderEpoch(), ""));
                    break;
                }
            }
            out.put(tp, restored);
        }
        return new ConsumerRecords<>(out, nextOffsets);
    }

    private void restore(ConsumerRecord<byte[], byte[]> chunk, List<ConsumerRecord<K, V>> into) {
        ChunkReader.Flattened flat = reader.flatten(chunk.key(), chunk.value(), chunk.timestamp(), chunk.headers());
        // records restored from a chunk carry their original (producer) timestamps
        TimestampType type = flat.fromChunk() ? TimestampType.CREATE_TIME : chunk.timestampType();
        List<ConsumerRecord<K, V>> restored = new ArrayList<>(flat.records().size());
        for (ChunkRecord r : flat.records()) {
            byte[] k = r.key();
            byte[] v = r.value();
            K key = k == null ? null : keyDeserializer.deserialize(chunk.topic(), r.headers(), k);
            V value = v == null ? null : valueDeserializer.deserialize(chunk.topic(), r.headers(), v);
            restored.add(new ConsumerRecord<>(chunk.topic(), chunk.partition(), chunk.offset(), r.timestamp(), type,
                    k == null ? -1 : k.length, v == null ? -1 : v.length, key, value, r.headers(),
                    chunk.leaderEpoch()));
        }
        into.addAll(restored); // all of a chunk or nothing
    }

    /** Moves every partition of this poll back to where it started (the failed one to the failed chunk). */
    private RecordDeserializationException failed(ConsumerRecords<byte[], byte[]> chunks, TopicPartition tp,
            ConsumerRecord<byte[], byte[]> chunk, RuntimeException cause) {
        for (TopicPartition p : chunks.partitions()) {
            if (!p.equals(tp)) {
                delegate.seek(p, chunks.records(p).get(0).offset());
            }
        }
        delegate.seek(tp, chunk.offset());
        return new RecordDeserializationException(DeserializationExceptionOrigin.VALUE, tp, chunk.offset(),
                chunk.timestamp(), chunk.timestampType(),
                chunk.key() == null ? null : ByteBuffer.wrap(chunk.key()),
                chunk.value() == null ? null : ByteBuffer.wrap(chunk.value()), chunk.headers(),
                "cannot read the chunk at offset " + chunk.offset() + " of " + tp + ": " + cause.getMessage(), cause);
    }

    @Override
    public Set<TopicPartition> assignment() {
        return delegate.assignment();
    }

    @Override
    public Set<String> subscription() {
        return delegate.subscription();
    }

    @Override
    public void subscribe(Collection<String> topics) {
        delegate.subscribe(topics);
    }

    @Override
    public void subscribe(Collection<String> topics, ConsumerRebalanceListener callback) {
        delegate.subscribe(topics, callback);
    }

    @Override
    public void assign(Collection<TopicPartition> partitions) {
        delegate.assign(partitions);
    }

    @Override
    public void subscribe(Pattern pattern, ConsumerRebalanceListener callback) {
        delegate.subscribe(pattern, callback);
    }

    @Override
    public void subscribe(Pattern pattern) {
        delegate.subscribe(pattern);
    }

    @Override
    public void subscribe(SubscriptionPattern pattern, ConsumerRebalanceListener callback) {
        delegate.subscribe(pattern, callback);
    }

    @Override
    public void subscribe(SubscriptionPattern pattern) {
        delegate.subscribe(pattern);
    }

    @Override
    public void unsubscribe() {
        delegate.unsubscribe();
    }

    @Override
    public void commitSync() {
        delegate.commitSync();
    }

    @Override
    public void commitSync(Duration timeout) {
        delegate.commitSync(timeout);
    }

    @Override
    public void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
        delegate.commitSync(offsets);
    }

    @Override
    public void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets, Duration timeout) {
        delegate.commitSync(offsets, timeout);
    }

    @Override
    public void commitAsync() {
        delegate.commitAsync();
    }

    @Override
    public void commitAsync(OffsetCommitCallback callback) {
        delegate.commitAsync(callback);
    }

    @Override
    public void commitAsync(Map<TopicPartition, OffsetAndMetadata> offsets, OffsetCommitCallback callback) {
        delegate.commitAsync(offsets, callback);
    }

    @Override
    public void registerMetricForSubscription(KafkaMetric metric) {
        delegate.registerMetricForSubscription(metric);
    }

    @Override
    public void unregisterMetricFromSubscription(KafkaMetric metric) {
        delegate.unregisterMetricFromSubscription(metric);
    }

    @Override
    public void seek(TopicPartition partition, long offset) {
        delegate.seek(partition, offset);
    }

    @Override
    public void seek(TopicPartition partition, OffsetAndMetadata offsetAndMetadata) {
        delegate.seek(partition, offsetAndMetadata);
    }

    @Override
    public void seekToBeginning(Collection<TopicPartition> partitions) {
        delegate.seekToBeginning(partitions);
    }

    @Override
    public void seekToEnd(Collection<TopicPartition> partitions) {
        delegate.seekToEnd(partitions);
    }

    @Override
    public long position(TopicPartition partition) {
        return delegate.position(partition);
    }

    @Override
    public long position(TopicPartition partition, Duration timeout) {
        return delegate.position(partition, timeout);
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> committed(Set<TopicPartition> partitions) {
        return delegate.committed(partitions);
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> committed(Set<TopicPartition> partitions, Duration timeout) {
        return delegate.committed(partitions, timeout);
    }

    @Override
    public Uuid clientInstanceId(Duration timeout) {
        return delegate.clientInstanceId(timeout);
    }

    @Override
    public Map<MetricName, ? extends Metric> metrics() {
        return delegate.metrics();
    }

    @Override
    public List<PartitionInfo> partitionsFor(String topic) {
        return delegate.partitionsFor(topic);
    }

    @Override
    public List<PartitionInfo> partitionsFor(String topic, Duration timeout) {
        return delegate.partitionsFor(topic, timeout);
    }

    @Override
    public Map<String, List<PartitionInfo>> listTopics() {
        return delegate.listTopics();
    }

    @Override
    public Map<String, List<PartitionInfo>> listTopics(Duration timeout) {
        return delegate.listTopics(timeout);
    }

    @Override
    public Set<TopicPartition> paused() {
        return delegate.paused();
    }

    @Override
    public void pause(Collection<TopicPartition> partitions) {
        delegate.pause(partitions);
    }

    @Override
    public void resume(Collection<TopicPartition> partitions) {
        delegate.resume(partitions);
    }

    /** Offsets of the chunks holding records of at least the given timestamps, as the delegate finds them. */
    @Override
    public Map<TopicPartition, OffsetAndTimestamp> offsetsForTimes(Map<TopicPartition, Long> timestampsToSearch) {
        return delegate.offsetsForTimes(timestampsToSearch);
    }

    @Override
    public Map<TopicPartition, OffsetAndTimestamp> offsetsForTimes(Map<TopicPartition, Long> timestampsToSearch,
            Duration timeout) {
        return delegate.offsetsForTimes(timestampsToSearch, timeout);
    }

    @Override
    public Map<TopicPartition, Long> beginningOffsets(Collection<TopicPartition> partitions) {
        return delegate.beginningOffsets(partitions);
    }

    @Override
    public Map<TopicPartition, Long> beginningOffsets(Collection<TopicPartition> partitions, Duration timeout) {
        return delegate.beginningOffsets(partitions, timeout);
    }

    @Override
    public Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> partitions) {
        return delegate.endOffsets(partitions);
    }

    @Override
    public Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> partitions, Duration timeout) {
        return delegate.endOffsets(partitions, timeout);
    }

    /** Lag in chunks, not in original records. */
    @Override
    public OptionalLong currentLag(TopicPartition topicPartition) {
        return delegate.currentLag(topicPartition);
    }

    @Override
    public ConsumerGroupMetadata groupMetadata() {
        return delegate.groupMetadata();
    }

    @Override
    public void enforceRebalance() {
        delegate.enforceRebalance();
    }

    @Override
    public void enforceRebalance(String reason) {
        delegate.enforceRebalance(reason);
    }

    @Override
    public void close() {
        try {
            delegate.close();
        } finally {
            closeOwned();
        }
    }

    @Override
    public void close(Duration timeout) {
        try {
            delegate.close(timeout);
        } finally {
            closeOwned();
        }
    }

    @Override
    public void close(CloseOptions option) {
        try {
            delegate.close(option);
        } finally {
            closeOwned();
        }
    }

    private void closeOwned() {
        reader.close();
        keyDeserializer.close();
        valueDeserializer.close();
    }

    @Override
    public void wakeup() {
        delegate.wakeup();
    }
}
