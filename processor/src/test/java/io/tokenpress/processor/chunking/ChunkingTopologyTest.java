package io.tokenpress.processor.chunking;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenpress.codec.Codecs;
import io.tokenpress.processor.chunk.ChunkReader;
import io.tokenpress.schema.CodecKind;
import io.tokenpress.serdes.ChunkRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChunkingTopologyTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration LONG_LINGER = Duration.ofHours(1);

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> in;
    private TestOutputTopic<byte[], byte[]> out;
    private final ChunkReader reader = new ChunkReader(Codecs.decoder(), 1 << 20);

    private void start(ChunkingSettings settings) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "chunking-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(
                ChunkingTopology.build("plain", "compressed", settings, () -> Codecs.zstd(3), 1 << 20), p, T0);
        in = driver.createInputTopic("plain", new ByteArraySerializer(), new ByteArraySerializer(), T0, Duration.ofMillis(1));
        out = driver.createOutputTopic("compressed", new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    private List<List<ChunkRecord>> chunks() {
        List<List<ChunkRecord>> chunks = new ArrayList<>();
        for (TestRecord<byte[], byte[]> r : out.readRecordsToList()) {
            assertThat(r.key()).isNull();
            chunks.add(reader.read(r.value()).records());
        }
        return chunks;
    }

    private static byte[] value(int i, int size) {
        byte[] v = new byte[size];
        byte[] tag = ("r" + i + ":").getBytes(StandardCharsets.UTF_8);
        for (int k = 0; k < size; k++) {
            v[k] = k < tag.length ? tag[k] : (byte) ('a' + (k % 26));
        }
        return v;
    }

    private static List<String> tags(List<ChunkRecord> chunk) {
        List<String> t = new ArrayList<>();
        for (ChunkRecord r : chunk) {
            String s = new String(r.value(), StandardCharsets.UTF_8);
            t.add(s.substring(0, s.indexOf(':')));
        }
        return t;
    }

    @Test
    void flushesWhenMaxRecordsIsReached() {
        start(new ChunkingSettings(3, 1 << 20, LONG_LINGER));
        for (int i = 0; i < 7; i++) {
            in.pipeInput(("k" + i).getBytes(StandardCharsets.UTF_8), value(i, 20));
        }
        List<List<ChunkRecord>> chunks = chunks();
        assertThat(chunks).hasSize(2);
        assertThat(tags(chunks.get(0))).containsExactly("r0", "r1", "r2");
        assertThat(tags(chunks.get(1))).containsExactly("r3", "r4", "r5");
        KeyValueStore<Long, ChunkRecord> store = driver.getKeyValueStore(ChunkingTopology.STORE_NAME);
        assertThat(store.approximateNumEntries()).isEqualTo(1);
        assertThat(chunks.get(1).get(0).key()).isEqualTo("k3".getBytes(StandardCharsets.UTF_8));
        assertThat(chunks.get(1).get(0).sourceOffset()).isEqualTo(3);
    }

    @Test
    void flushesBeforeMaxBytesWouldBeExceeded() {
        start(new ChunkingSettings(1000, 100, LONG_LINGER));
        for (int i = 0; i < 10; i++) {
            in.pipeInput(null, value(i, 30));
        }
        List<List<ChunkRecord>> chunks = chunks();
        assertThat(chunks).hasSize(3);
        for (List<ChunkRecord> c : chunks) {
            assertThat(c.stream().mapToInt(ChunkRecord::sizeInBytes).sum()).isLessThanOrEqualTo(100);
            assertThat(c).hasSize(3);
        }
        assertThat(tags(chunks.get(2))).containsExactly("r6", "r7", "r8");
    }

    @Test
    void flushesAtExactlyMaxBytes() {
        start(new ChunkingSettings(1000, 100, LONG_LINGER));
        in.pipeInput(null, value(0, 50));
        in.pipeInput(null, value(1, 50));
        assertThat(chunks()).singleElement().satisfies(c -> assertThat(tags(c)).containsExactly("r0", "r1"));
    }

    @Test
    void flushesAfterLingerOnWallClockTime() {
        start(new ChunkingSettings(1000, 1 << 20, Duration.ofSeconds(10)));
        in.pipeInput(null, value(0, 10));
        in.pipeInput(null, value(1, 10));
        driver.advanceWallClockTime(Duration.ofSeconds(5));
        assertThat(out.isEmpty()).isTrue();
        driver.advanceWallClockTime(Duration.ofSeconds(6));
        List<List<ChunkRecord>> chunks = chunks();
        assertThat(chunks).singleElement().satisfies(c -> assertThat(tags(c)).containsExactly("r0", "r1"));
        driver.advanceWallClockTime(Duration.ofSeconds(60));
        assertThat(out.isEmpty()).as("an empty buffer is never flushed").isTrue();
    }

    @Test
    void oversizeRecordBecomesItsOwnChunkAfterTheBufferBeforeIt() {
        start(new ChunkingSettings(1000, 100, Duration.ofSeconds(1)));
        in.pipeInput(null, value(0, 10));
        in.pipeInput(null, value(1, 10));
        in.pipeInput(null, value(2, 5000));
        in.pipeInput(null, value(3, 10));
        driver.advanceWallClockTime(Duration.ofSeconds(2));
        List<List<ChunkRecord>> chunks = chunks();
        assertThat(chunks).hasSize(3);
        assertThat(tags(chunks.get(0))).containsExactly("r0", "r1");
        assertThat(tags(chunks.get(1))).containsExactly("r2");
        assertThat(chunks.get(1).get(0).value()).isEqualTo(value(2, 5000));
        assertThat(tags(chunks.get(2))).containsExactly("r3");
    }

    @Test
    void keepsTombstonesEmptyValuesKeysTimestampsAndHeaders() {
        start(new ChunkingSettings(4, 1 << 20, LONG_LINGER));
        RecordHeaders headers = new RecordHeaders();
        headers.add("trace", "abc".getBytes(StandardCharsets.UTF_8));
        headers.add("null-valued", null);
        headers.add("trace", "repeated".getBytes(StandardCharsets.UTF_8));
        in.pipeInput(new TestRecord<>("k1".getBytes(StandardCharsets.UTF_8), null, new RecordHeaders(), T0.plusMillis(5)));
        in.pipeInput(new TestRecord<>(null, new byte[0], headers, T0.plusMillis(3)));
        in.pipeInput(new TestRecord<>(new byte[0], "v".getBytes(StandardCharsets.UTF_8), headers, T0.plusMillis(9)));
        in.pipeInput(new TestRecord<>(null, null, new RecordHeaders(), T0));
        List<ChunkRecord> c = chunks().get(0);
        assertThat(c).hasSize(4);
        assertThat(c.get(0).isTombstone()).isTrue();
        assertThat(c.get(0).key()).isEqualTo("k1".getBytes(StandardCharsets.UTF_8));
        assertThat(c.get(0).timestamp()).isEqualTo(T0.toEpochMilli() + 5);
        assertThat(c.get(1).isTombstone()).isFalse();
        assertThat(c.get(1).value()).isEmpty();
        assertThat(c.get(1).key()).isNull();
        assertThat(c.get(1).headers()).containsExactly(
                new RecordHeader("trace", "abc".getBytes(StandardCharsets.UTF_8)),
                new RecordHeader("null-valued", null),
                new RecordHeader("trace", "repeated".getBytes(StandardCharsets.UTF_8)));
        assertThat(c.get(2).key()).isEmpty();
        assertThat(c.get(3).isTombstone()).isTrue();
        assertThat(c.get(3).key()).isNull();
    }

    @Test
    void chunkTimestampIsTheLatestRecordTimestamp() {
        start(new ChunkingSettings(2, 1 << 20, LONG_LINGER));
        in.pipeInput(new TestRecord<>(null, value(0, 5), new RecordHeaders(), T0.plusMillis(50)));
        in.pipeInput(new TestRecord<>(null, value(1, 5), new RecordHeaders(), T0.plusMillis(20)));
        assertThat(out.readRecord().timestamp()).isEqualTo(T0.toEpochMilli() + 50);
    }

    @Test
    void compressesRepetitiveDataWithZstd() {
        start(new ChunkingSettings(100, 1 << 20, LONG_LINGER));
        for (int i = 0; i < 100; i++) {
            in.pipeInput(null, value(i, 200));
        }
        TestRecord<byte[], byte[]> r = out.readRecord();
        assertThat(r.value().length).isLessThan(100 * 200 / 5);
        assertThat(reader.read(r.value()).codec()).isEqualTo(CodecKind.ZSTD);
    }

    @Test
    void bufferedRecordsSurviveAStoreRoundTrip() throws Exception {
        start(new ChunkingSettings(1000, 1 << 20, LONG_LINGER));
        in.pipeInput("k".getBytes(StandardCharsets.UTF_8), value(0, 10));
        KeyValueStore<Long, ChunkRecord> store = driver.getKeyValueStore(ChunkingTopology.STORE_NAME);
        assertThat(store.get(0L).value()).isEqualTo(value(0, 10));
        assertThat(Files.exists(stateDir)).isTrue();
    }
}
