package io.tokenpress.processor.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenpress.serdes.ChunkRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Test records for the integration tests: varied keys, values, tombstones, headers; produced to known partitions. */
final class ItRecords {
    private ItRecords() {}

    /** Record {@code i}: JSON-like values of varied size, some tombstones, empty values, keys and headers. */
    static ChunkRecord record(int i, long baseTimestamp) {
        Random rnd = new Random(i);
        byte[] key = i % 5 == 0 ? null : ("user-" + (i % 97)).getBytes(StandardCharsets.UTF_8);
        byte[] value;
        if (i % 101 == 0) {
            value = null;
        } else if (i % 103 == 0) {
            value = new byte[0];
        } else {
            StringBuilder sb = new StringBuilder("{\"seq\":").append(i).append(",\"event\":\"page_view\",\"path\":\"/items/")
                    .append(rnd.nextInt(1000)).append("\",\"payload\":\"");
            for (int k = rnd.nextInt(200); k > 0; k--) {
                sb.append((char) ('a' + rnd.nextInt(26)));
            }
            value = sb.append("\"}").toString().getBytes(StandardCharsets.UTF_8);
        }
        RecordHeaders headers = new RecordHeaders();
        if (i % 7 == 0) {
            headers.add("trace-id", Integer.toHexString(i).getBytes(StandardCharsets.UTF_8));
        }
        if (i % 11 == 0) {
            headers.add("empty", null);
        }
        return new ChunkRecord(key, value, baseTimestamp + i, headers, -1);
    }

    static Map<String, Object> producerProps(String bootstrap) {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        // one request in flight: a retried batch can never overtake or be confused with a later one
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        return p;
    }

    /** Sends record {@code i} to partition {@code i % partitions}. */
    static void send(KafkaProducer<byte[], byte[]> producer, String topic, int partitions, int i, ChunkRecord r) {
        producer.send(new ProducerRecord<>(topic, i % partitions, r.timestamp(), r.key(), r.value(), r.headers()));
    }

    static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        return new KafkaProducer<>(producerProps(bootstrap), new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Asserts that the replayed records are exactly the expected ones, partition by partition, in order, once each. */
    static void assertExactlyOnceInOrder(List<List<ChunkRecord>> expected, List<ConsumerRecord<byte[], byte[]>> replayed) {
        List<List<ChunkRecord>> got = new ArrayList<>();
        expected.forEach(e -> got.add(new ArrayList<>()));
        for (ConsumerRecord<byte[], byte[]> r : replayed) {
            got.get(r.partition()).add(new ChunkRecord(r.key(), r.value(), r.timestamp(), r.headers(), -1));
        }
        for (int p = 0; p < expected.size(); p++) {
            List<ChunkRecord> e = expected.get(p);
            List<ChunkRecord> g = got.get(p);
            assertThat(g).as("records replayed to partition %d", p).hasSameSizeAs(e);
            for (int i = 0; i < e.size(); i++) {
                ChunkRecord a = g.get(i);
                ChunkRecord x = e.get(i);
                assertThat(a.sameContent(x)).as("partition %d record %d: expected %s, got %s", p, i, x, a).isTrue();
            }
        }
    }
}
