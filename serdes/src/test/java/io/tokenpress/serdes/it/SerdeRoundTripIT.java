package io.tokenpress.serdes.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenpress.codec.Codecs;
import io.tokenpress.codec.container.EnvelopeFormat;
import io.tokenpress.schema.ChunkEnvelope;
import io.tokenpress.serdes.EnvelopeSchemas;
import io.tokenpress.serdes.TokenpressDeserializer;
import io.tokenpress.serdes.TokenpressSerdeConfig;
import io.tokenpress.serdes.TokenpressSerializer;
import io.tokenpress.serdes.registry.RestSchemaRegistryClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Producers with {@link TokenpressSerializer} and consumers with {@link TokenpressDeserializer}, configured by
 * class name, through a real broker, without and with a real schema registry (Apicurio, ccompat API).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SerdeRoundTripIT {
    private KafkaBroker kafka;
    private ApicurioRegistry apicurio;

    @BeforeAll
    void start() throws Exception {
        kafka = KafkaBroker.start();
        apicurio = ApicurioRegistry.start(Path.of("target", "apicurio-SerdeRoundTripIT.log"));
        kafka.createTopics(2, "plain", "registry", "binary", "evolve", "broken");
    }

    @AfterAll
    void stop() throws Exception {
        if (apicurio != null) {
            apicurio.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    private static List<String> values() {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            values.add(i % 7 == 3 ? null : "{\"id\":" + i + ",\"status\":\"shipped\",\"items\":[\"tea\",\"cups\"]}");
        }
        values.add("x".repeat(100_000));
        values.add("");
        return values;
    }

    @Test
    void plainModeRoundTripsStringsAndTombstones() throws Exception {
        roundTripStrings("plain", Map.of());
        byte[] raw = consumeRaw("plain", 1).get(0).value();
        assertThat(EnvelopeFormat.isSingleObject(raw)).as("single-object encoding without a registry").isTrue();
    }

    @Test
    void registryModeRoundTripsStringsAndTombstones() throws Exception {
        Map<String, Object> registry = Map.of(TokenpressSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, apicurio.ccompatUrl());
        roundTripStrings("registry", registry);
        byte[] raw = consumeRaw("registry", 1).get(0).value();
        assertThat(raw[0]).as("Confluent magic byte").isZero();
        int id = ByteBuffer.wrap(raw, 1, 4).getInt();
        RestSchemaRegistryClient client = RestSchemaRegistryClient.builder().setUrls(List.of(apicurio.ccompatUrl())).build();
        assertThat(client.schemaById(id)).isEqualTo(ChunkEnvelope.getClassSchema());
        assertThat(client.lookup("registry-value", ChunkEnvelope.getClassSchema())).isEqualTo(id);
    }

    private void roundTripStrings(String topic, Map<String, Object> tokenpress) throws Exception {
        Map<String, Object> p = producerConfig(tokenpress);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, TokenpressSerializer.class.getName());
        p.put(TokenpressSerdeConfig.INNER_SERDE_CLASS_CONFIG, Serdes.StringSerde.class.getName());
        List<String> values = values();
        try (KafkaProducer<String, Object> producer = new KafkaProducer<>(p)) {
            for (int i = 0; i < values.size(); i++) {
                producer.send(new ProducerRecord<>(topic, "k" + (i % 5), values.get(i))).get();
            }
        }
        Map<String, Object> c = consumerConfig(tokenpress);
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, TokenpressDeserializer.class.getName());
        c.put(TokenpressSerdeConfig.INNER_SERDE_CLASS_CONFIG, Serdes.StringSerde.class.getName());
        List<ConsumerRecord<String, Object>> read = consume(topic, c, new StringDeserializer(), null, values.size());
        Map<String, List<Object>> byKey = new HashMap<>();
        read.forEach(r -> byKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r.value()));
        for (int k = 0; k < 5; k++) {
            List<Object> expected = new ArrayList<>();
            for (int i = k; i < values.size(); i += 5) {
                expected.add(values.get(i));
            }
            assertThat(byKey.get("k" + k)).as("values of key k%d in order", k).isEqualTo(expected);
        }
    }

    @Test
    void binaryValuesRoundTripInRegistryMode() throws Exception {
        Map<String, Object> registry = Map.of(TokenpressSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, apicurio.ccompatUrl());
        Random random = new Random(42);
        List<byte[]> values = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            byte[] v = new byte[random.nextInt(2000)];
            random.nextBytes(v);
            values.add(v);
        }
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerConfig(Map.of()), new StringSerializer(),
                new TokenpressSerializer<>(new ByteArraySerializer(), registry))) {
            for (byte[] v : values) {
                producer.send(new ProducerRecord<>("binary", 0, "k", v)).get();
            }
        }
        List<ConsumerRecord<String, byte[]>> read = consume("binary", consumerConfig(Map.of()), new StringDeserializer(),
                new TokenpressDeserializer<>(new ByteArrayDeserializer(), registry), values.size());
        assertThat(read).extracting(ConsumerRecord::value).containsExactlyElementsOf(values);
    }

    @Test
    void aReaderOfTheCurrentSchemaReadsDataOfAnOlderOneFromTheRegistry() throws Exception {
        Map<String, Object> registry = Map.of(TokenpressSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, apicurio.ccompatUrl());
        RestSchemaRegistryClient client = RestSchemaRegistryClient.builder().setUrls(List.of(apicurio.ccompatUrl())).build();
        int oldId = client.register("evolve-value", EnvelopeSchemas.v0());
        ChunkEnvelope e = EnvelopeFormat.toEnvelope(Codecs.zstd(3).encode("from the past".getBytes(StandardCharsets.UTF_8)),
                List.of());
        e.setFormatVersion(1); // the old schema was written by format version 1, before the records checksum
        byte[] old = EnvelopeSchemas.confluent(oldId, EnvelopeSchemas.bodyAs(e, EnvelopeSchemas.v0()));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerConfig(Map.of()), new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>("evolve", 0, "k", old)).get();
        }
        List<ConsumerRecord<String, String>> read = consume("evolve", consumerConfig(Map.of()), new StringDeserializer(),
                new TokenpressDeserializer<>(new StringDeserializer(), registry), 1);
        assertThat(read.get(0).value()).isEqualTo("from the past");
        int currentId = client.register("evolve-value", ChunkEnvelope.getClassSchema());
        assertThat(currentId).isNotEqualTo(oldId);

        // the registry's own compatibility check, with the subject set to BACKWARD
        HttpResponse<String> set = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(apicurio.ccompatUrl() + "/config/evolve-value"))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"compatibility\":\"BACKWARD\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
        assertThat(client.isCompatible("evolve-value", EnvelopeSchemas.v2())).isTrue();
        assertThat(client.isCompatible("evolve-value", EnvelopeSchemas.v2WithoutDefault())).isFalse();
        assertThat(client.isCompatible("no-such-subject-value", EnvelopeSchemas.v2())).isTrue();
    }

    @Test
    void corruptAndUnknownVersionEnvelopesFailNamingTheCause() throws Exception {
        byte[] good = new TokenpressSerializer<>(new StringSerializer()).serialize("broken", "fine value");
        ChunkEnvelope future = EnvelopeFormat.toEnvelope(Codecs.zstd(3).encode(new byte[] {1}), List.of());
        future.setFormatVersion(EnvelopeFormat.MAX_READABLE_VERSION + 1);
        byte[] futureBytes = new EnvelopeFormat().encode(future);
        byte[] truncated = Arrays.copyOf(good, good.length - 4);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerConfig(Map.of()), new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>("broken", 0, "k", truncated)).get();
            producer.send(new ProducerRecord<>("broken", 0, "k", futureBytes)).get();
            producer.send(new ProducerRecord<>("broken", 0, "k", good)).get();
        }
        Map<String, Object> c = consumerConfig(Map.of());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c, new StringDeserializer(),
                new TokenpressDeserializer<>(new StringDeserializer()))) {
            org.apache.kafka.common.TopicPartition tp = new org.apache.kafka.common.TopicPartition("broken", 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            assertThatThrownBy(() -> pollUntilFailure(consumer))
                    .isInstanceOfSatisfying(RecordDeserializationException.class, ex -> assertThat(ex.offset()).isZero())
                    .cause().isInstanceOf(org.apache.kafka.common.errors.SerializationException.class).hasMessageContaining("truncated");
            consumer.seek(tp, 1);
            assertThatThrownBy(() -> pollUntilFailure(consumer))
                    .isInstanceOfSatisfying(RecordDeserializationException.class, ex -> assertThat(ex.offset()).isOne())
                    .cause().hasMessageContaining("unknown envelope format version");
            consumer.seek(tp, 2);
            List<String> rest = new ArrayList<>();
            long deadline = System.currentTimeMillis() + 30_000;
            while (rest.isEmpty() && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> rest.add(r.value()));
            }
            assertThat(rest).containsExactly("fine value");
        }
    }

    private static void pollUntilFailure(KafkaConsumer<String, String> consumer) {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            consumer.poll(Duration.ofMillis(200));
        }
    }

    private Map<String, Object> producerConfig(Map<String, Object> extra) {
        Map<String, Object> p = new HashMap<>(extra);
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2_000_000);
        return p;
    }

    private Map<String, Object> consumerConfig(Map<String, Object> extra) {
        Map<String, Object> c = new HashMap<>(extra);
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + System.nanoTime());
        return c;
    }

    private List<ConsumerRecord<String, byte[]>> consumeRaw(String topic, int count) {
        return consume(topic, consumerConfig(Map.of()), new StringDeserializer(), new ByteArrayDeserializer(), count);
    }

    /** Reads {@code count} records of {@code topic} from the beginning; null deserializers come from the config. */
    private static <V> List<ConsumerRecord<String, V>> consume(String topic, Map<String, Object> config,
            Deserializer<String> keys, Deserializer<V> values, int count) {
        List<ConsumerRecord<String, V>> read = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer = values == null ? new KafkaConsumer<>(config)
                : new KafkaConsumer<>(config, keys, values)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + 60_000;
            while (read.size() < count && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(read::add);
            }
        }
        assertThat(read).as("records read from %s", topic).hasSizeGreaterThanOrEqualTo(count);
        return read;
    }
}
