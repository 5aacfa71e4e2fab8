package io.tokenpress.serdes.models;

import io.tokenpress.codec.ModelIds;
import io.tokenpress.codec.ModelNotFoundException;
import io.tokenpress.codec.model.CorruptModelException;
import io.tokenpress.codec.model.ModelArtifact;
import io.tokenpress.codec.store.ModelSource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A model store in a compacted Kafka topic, so every client of a cluster can fetch any model that the
 * cluster's data names. The topic holds three kinds of records, by key:
 * <ul>
 *   <li>{@code model/<hex id>}: the artifact bytes ({@code .tpm}); the id is their SHA-256, checked on load;
 *   <li>{@code weights/<hex id>}: the float weights ({@code .tpfw}) the model was exported from, which
 *       retraining starts from;
 *   <li>{@code active}: the hex id of the model new chunks are written with (the rollout pointer).
 * </ul>
 * Compaction keeps the latest record per key, and tokenpress never writes tombstones: a model, once
 * published, stays fetchable for as long as the topic exists, so data that references it stays decodable.
 *
 * <p>The store reads the topic to its end on first use and again whenever a lookup misses or
 * {@link #refresh()} is called. Thread-safe (methods are synchronized); close it to release its clients.
 */
public final class KafkaModelStore implements ModelSource, AutoCloseable {
    /** Key prefix of artifact records. */
    public static final String MODEL_KEY_PREFIX = "model/";
    /** Key prefix of float-weights records. */
    public static final String WEIGHTS_KEY_PREFIX = "weights/";
    /** Key of the active-model pointer. */
    public static final String ACTIVE_KEY = "active";
    /** Default {@code max.message.bytes} of the topic and {@code max.request.size} of the producer. */
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 64 << 20;

    private final Map<String, Object> clientProperties;
    private final String topic;
    private final int maxMessageBytes;
    private final Duration timeout;

    private final Map<String, ModelArtifact> models = new LinkedHashMap<>();
    private final Map<String, String> corrupt = new HashMap<>();
    private final Map<String, byte[]> weights = new HashMap<>();
    private String active;

    private KafkaConsumer<String, byte[]> consumer;
    private KafkaProducer<String, byte[]> producer;
    private List<TopicPartition> partitions;

    /**
     * @param clientProperties Kafka client properties ({@code bootstrap.servers} and security settings)
     * @param topic the compacted model topic
     */
    public KafkaModelStore(Map<String, Object> clientProperties, String topic) {
        this(clientProperties, topic, DEFAULT_MAX_MESSAGE_BYTES, Duration.ofSeconds(30));
    }

    /**
     * @param maxMessageBytes largest record (artifact) the store writes and reads
     * @param timeout how long a read to the end of the topic or a write may take
     */
    public KafkaModelStore(Map<String, Object> clientProperties, String topic, int maxMessageBytes, Duration timeout) {
        if (topic == null || topic.isBlank()) {
            throw new IllegalArgumentException("model topic must be named");
        }
        this.clientProperties = new HashMap<>(clientProperties);
        this.topic = topic;
        this.maxMessageBytes = maxMessageBytes;
        this.timeout = timeout;
    }

    /** The topic's name. */
    public String topic() {
        return topic;
    }

    /**
     * Creates the topic (one partition, {@code cleanup.policy=compact}, large records allowed) if it does
     * not exist.
     */
    public synchronized void ensureTopic() {
        try (Admin admin = Admin.create(clientProperties)) {
            NewTopic t = new NewTopic(topic, 1, (short) -1).configs(Map.of(
                    TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                    TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(maxMessageBytes)));
            admin.createTopics(List.of(t)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new ModelStoreException("cannot create model topic '" + topic + "': " + e.getCause().getMessage(), e.getCause());
            }
        } catch (TimeoutException e) {
            throw new ModelStoreException("timed out creating model topic '" + topic + "'", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelStoreException("interrupted creating model topic '" + topic + "'", e);
        }
    }

    /**
     * Publishes a model artifact (creating the topic if needed) and waits for the write.
     *
     * @return the model's hex id
     * @throws CorruptModelException if the bytes are not a valid artifact
     */
    public synchronized String publish(byte[] artifactBytes) {
        ModelArtifact a = ModelArtifact.load(artifactBytes);
        ensureTopic();
        send(MODEL_KEY_PREFIX + a.id(), artifactBytes);
        models.put(a.id(), a);
        return a.id();
    }

    /** Publishes the float weights ({@code .tpfw} bytes) a model was exported from. */
    public synchronized void publishWeights(String modelId, byte[] floatWeights) {
        ensureTopic();
        send(WEIGHTS_KEY_PREFIX + modelId, floatWeights);
        weights.put(modelId, floatWeights.clone());
    }

    /**
     * Points the active-model pointer at {@code modelId}: running processors switch to it at their next
     * chunk.
     *
     * @throws ModelNotFoundException if the topic holds no such model (publish it first)
     */
    public synchronized void promote(String modelId) {
        refresh();
        if (!models.containsKey(modelId)) {
            throw new ModelNotFoundException("cannot promote model " + modelId + ": it is not in " + describe()
                    + "; publish it first");
        }
        send(ACTIVE_KEY, modelId.getBytes(StandardCharsets.UTF_8));
        active = modelId;
    }

    /** The id the active-model pointer names, after reading the topic to its end; empty if never set. */
    public synchronized Optional<String> activeId() {
        refresh();
        return Optional.ofNullable(active);
    }

    /** The float weights published for the model with this hex id, if any. */
    public synchronized Optional<byte[]> weights(String modelId) {
        if (!weights.containsKey(modelId)) {
            refresh();
        }
        byte[] w = weights.get(modelId);
        return w == null ? Optional.empty() : Optional.of(w.clone());
    }

    @Override
    public synchronized Optional<ModelArtifact> find(byte[] idPrefix) {
        String prefix = ModelIds.toHex(idPrefix);
        Optional<ModelArtifact> hit = lookup(prefix);
        if (hit.isEmpty()) {
            refresh();
            hit = lookup(prefix);
        }
        return hit;
    }

    private Optional<ModelArtifact> lookup(String prefix) {
        for (Map.Entry<String, String> e : corrupt.entrySet()) {
            if (e.getKey().startsWith(prefix)) {
                throw new ModelNotFoundException("model " + e.getKey() + " in " + describe() + " is unusable: " + e.getValue());
            }
        }
        return models.values().stream().filter(a -> a.id().startsWith(prefix)).findFirst();
    }

    @Override
    public synchronized List<ModelArtifact> list() {
        refresh();
        return new ArrayList<>(models.values());
    }

    @Override
    public String describe() {
        return "Kafka topic '" + topic + "' at " + clientProperties.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG);
    }

    /**
     * Reads the topic to its current end.
     *
     * @throws ModelStoreException if that takes longer than the timeout
     */
    public synchronized void refresh() {
        KafkaConsumer<String, byte[]> c = consumer();
        if (partitions == null || partitions.isEmpty()) {
            List<PartitionInfo> infos = c.partitionsFor(topic, timeout);
            if (infos == null || infos.isEmpty()) {
                return; // no topic yet: an empty store
            }
            partitions = new ArrayList<>();
            infos.forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            c.assign(partitions);
            c.seekToBeginning(partitions);
        }
        Map<TopicPartition, Long> end = c.endOffsets(partitions, timeout);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (behind(c, end)) {
            if (System.nanoTime() > deadline) {
                throw new ModelStoreException("timed out reading model topic '" + topic + "' to its end (" + end + ")", null);
            }
            for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(100))) {
                apply(r.key(), r.value());
            }
        }
    }

    private static boolean behind(KafkaConsumer<String, byte[]> c, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (c.position(e.getKey()) < e.getValue()) {
                return true;
            }
        }
        return false;
    }

    private void apply(String key, byte[] value) {
        if (key == null || value == null) {
            return;
        }
        if (key.equals(ACTIVE_KEY)) {
            active = new String(value, StandardCharsets.UTF_8).trim();
        } else if (key.startsWith(WEIGHTS_KEY_PREFIX)) {
            weights.put(key.substring(WEIGHTS_KEY_PREFIX.length()), value);
        } else if (key.startsWith(MODEL_KEY_PREFIX)) {
            String id = key.substring(MODEL_KEY_PREFIX.length());
            try {
                ModelArtifact a = ModelArtifact.load(value);
                if (a.id().equals(id)) {
                    models.put(id, a);
                    corrupt.remove(id);
                } else {
                    corrupt.put(id, "its bytes hash to " + a.id());
                }
            } catch (CorruptModelException e) {
                corrupt.put(id, e.getMessage());
            }
        }
    }

    private void send(String key, byte[] value) {
        try {
            producer().send(new ProducerRecord<>(topic, key, value)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new ModelStoreException("cannot write '" + key + "' to model topic '" + topic + "': " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new ModelStoreException("timed out writing '" + key + "' to model topic '" + topic + "'", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelStoreException("interrupted writing to model topic '" + topic + "'", e);
        }
    }

    private KafkaConsumer<String, byte[]> consumer() {
        if (consumer == null) {
            Map<String, Object> p = new HashMap<>(clientProperties);
            p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
            p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, maxMessageBytes);
            p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, maxMessageBytes);
            p.remove(ConsumerConfig.GROUP_ID_CONFIG);
            consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        }
        return consumer;
    }

    private KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            Map<String, Object> p = new HashMap<>(clientProperties);
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, maxMessageBytes);
            p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Math.max(32L << 20, 2L * maxMessageBytes));
            producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    @Override
    public synchronized void close() {
        if (consumer != null) {
            consumer.close(Duration.ofSeconds(5));
            consumer = null;
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
    }
}
