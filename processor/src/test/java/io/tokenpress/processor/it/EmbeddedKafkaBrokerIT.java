package io.tokenpress.processor.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenpress.processor.broker.EmbeddedKafkaBroker;
import io.tokenpress.processor.kafka.TopicProvisioner;
import io.tokenpress.processor.kafka.TopicReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded KRaft broker formats its directory once and keeps topics and records across restarts. */
class EmbeddedKafkaBrokerIT {
    @TempDir
    Path dir;

    @Test
    void keepsTopicsAndRecordsAcrossARestartOnTheSameDirectory() throws Exception {
        Path data = dir.resolve("kafka");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(data)) {
            assertThat(Files.exists(data.resolve("meta.properties"))).isTrue();
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
                new TopicProvisioner(admin, 1 << 20).ensurePartitions("kept", 2, "test");
            }
            try (KafkaProducer<byte[], byte[]> p = ItRecords.producer(broker.bootstrapServers())) {
                p.send(new ProducerRecord<>("kept", 1, null, "hello".getBytes(StandardCharsets.UTF_8))).get();
            }
        }
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(data);
                TopicReader reader = new TopicReader(Map.of("bootstrap.servers", broker.bootstrapServers()), "kept")) {
            assertThat(reader.partitionCount()).isEqualTo(2);
            List<ConsumerRecord<byte[], byte[]>> records = reader.readAtLeast(1, Duration.ofSeconds(30), n -> {});
            assertThat(records).singleElement().satisfies(r -> {
                assertThat(r.partition()).isEqualTo(1);
                assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo("hello");
            });
        }
    }
}
