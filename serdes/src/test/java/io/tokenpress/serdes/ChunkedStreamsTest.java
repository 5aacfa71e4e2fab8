package io.tokenpress.serdes;

import static io.tokenpress.serdes.TestChunks.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/** {@link ChunkedStreams} in a {@link TopologyTestDriver}; the broker-backed path is in the ITs. */
class ChunkedStreamsTest {

    private static TopologyTestDriver driver(Map<String, ?> configs) {
        StreamsBuilder builder = new StreamsBuilder();
        ChunkedStreams.stream(builder, "orders.tp", Serdes.String(), Serdes.String(), configs)
                .to("orders", Produced.with(Serdes.String(), Serdes.String()));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "chunked-streams-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        return new TopologyTestDriver(builder.build(), props);
    }

    @Test
    void forwardsEveryRecordOfAChunkWithItsTimestampAndHeaders() {
        try (TopologyTestDriver driver = driver(Map.of())) {
            TestInputTopic<byte[], byte[]> in =
                    driver.createInputTopic("orders.tp", new ByteArraySerializer(), new ByteArraySerializer());
            TestOutputTopic<String, String> out =
                    driver.createOutputTopic("orders", new StringDeserializer(), new StringDeserializer());
            in.pipeInput(null, TestChunks.chunk(List.of(record("a", "1", 100, 0), record("b", null, 200, 1))),
                    Instant.ofEpochMilli(5000));
            List<TestRecord<String, String>> got = out.readRecordsToList();
            assertThat(got).extracting(TestRecord::key).containsExactly("a", "b");
            assertThat(got).extracting(TestRecord::value).containsExactly("1", null);
            assertThat(got).extracting(TestRecord::timestamp).containsExactly(100L, 200L);
            assertThat(new String(got.get(1).headers().lastHeader("trace").value(), StandardCharsets.UTF_8))
                    .isEqualTo("t-1");
        }
    }

    @Test
    void anUnreadableChunkFailsNamingWhereItIs() {
        try (TopologyTestDriver driver = driver(Map.of())) {
            TestInputTopic<byte[], byte[]> in =
                    driver.createInputTopic("orders.tp", new ByteArraySerializer(), new ByteArraySerializer());
            assertThatThrownBy(() -> in.pipeInput(null, "garbage".getBytes(StandardCharsets.UTF_8)))
                    .hasRootCauseInstanceOf(io.tokenpress.codec.CorruptChunkException.class)
                    .satisfies(e -> assertThat(causes(e)).anySatisfy(c -> assertThat(c)
                            .isInstanceOf(SerializationException.class)
                            .hasMessageContaining("orders.tp-0 at offset 0")
                            .hasMessageContaining("not a tokenpress envelope")));
        }
    }

    @Test
    void badSettingsFailWhenTheTopologyIsBuilt() {
        assertThatThrownBy(() -> driver(Map.of(TokenpressSerdeConfig.MAX_CHUNK_BYTES_CONFIG, 0)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("max.chunk.bytes");
    }

    private static List<Throwable> causes(Throwable e) {
        List<Throwable> all = new java.util.ArrayList<>();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.add(t);
        }
        return all;
    }
}
