package io.tokenpress.processor.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenpress.codec.ChunkDecoder;
import io.tokenpress.codec.CodedBlock;
import io.tokenpress.codec.Codecs;
import io.tokenpress.processor.chunk.ChunkReader;
import io.tokenpress.processor.chunk.ChunkWriter;
import io.tokenpress.processor.chunking.ChunkingSettings;
import io.tokenpress.processor.chunking.ChunkingTopology;
import io.tokenpress.serdes.ChunkRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayTopologyTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path stateDir;

    private final List<TopologyTestDriver> drivers = new ArrayList<>();

    private TopologyTestDriver driver(Topology t, String appId) {
        TopologyTestDriver d = new TopologyTestDriver(t, props(appId), T0);
        drivers.add(d);
        return d;
    }

    private Properties props(String appId) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, appId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.resolve(appId).toString());
        return p;
    }

    private TopologyTestDriver replay(CorruptChunkPolicy policy) {
        return driver(ReplayTopology.build("compressed", "replayed", "dead", policy,
                () -> new ChunkReader(Codecs.decoder(), 1 << 20)), "replay-" + policy);
    }

    @AfterEach
    void close() {
        drivers.forEach(TopologyTestDriver::close);
    }

    private static List<TestRecord<byte[], byte[]>> sampleRecords(int n, long seed) {
        Random rnd = new Random(seed);
        List<TestRecord<byte[], byte[]>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] key = rnd.nextInt(4) == 0 ? null : ("key-" + rnd.nextInt(50)).getBytes(StandardCharsets.UTF_8);
            byte[] value;
            switch (rnd.nextInt(8)) {
                case 0 -> value = null;
                case 1 -> value = new byte[0];
                default -> {
                    value = new byte[rnd.nextInt(300)];
                    rnd.nextBytes(value);
                    if (rnd.nextBoolean()) {
                        value = ("{\"id\":" + i + ",\"text\":\"hello hello hello\"}").getBytes(StandardCharsets.UTF_8);
                    }
                }
            }
            RecordHeaders h = new RecordHeaders();
            for (int k = rnd.nextInt(3); k > 0; k--) {
                h.add("h" + k, rnd.nextBoolean() ? null : ("v" + i).getBytes(StandardCharsets.UTF_8));
            }
            out.add(new TestRecord<>(key, value, h, T0.plusMillis(rnd.nextInt(1_000_000))));
        }
        return out;
    }

    private static void assertSameRecords(List<TestRecord<byte[], byte[]>> actual, List<TestRecord<byte[], byte[]>> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            TestRecord<byte[], byte[]> a = actual.get(i);
            TestRecord<byte[], byte[]> e = expected.get(i);
            assertThat(a.key()).as("key of %d", i).isEqualTo(e.key());
            assertThat(a.value()).as("value of %d", i).isEqualTo(e.value());
            assertThat(a.timestamp()).as("timestamp of %d", i).isEqualTo(e.timestamp());
            assertThat(a.headers().toArray()).as("headers of %d", i).containsExactly(e.headers().toArray());
        }
    }

    @Test
    void closesEachTasksDecoderWhenTheTopologyCloses() {
        ChunkDecoder codecs = Codecs.decoder();
        AtomicInteger opened = new AtomicInteger();
        AtomicInteger closed = new AtomicInteger();
        Topology t = ReplayTopology.build("compressed", "replayed", "dead", CorruptChunkPolicy.FAIL, () -> {
            opened.incrementAndGet();
            return new ChunkReader(new ChunkDecoder() {
                @Override
                public byte[] decode(CodedBlock block) {
                    return codecs.decode(block);
                }

                @Override
                public void close() {
                    closed.incrementAndGet();
                }
            }, 1 << 20);
        });
        TopologyTestDriver d = new TopologyTestDriver(t, props("replay-close"), T0);
        assertThat(opened.get()).isEqualTo(1);
        assertThat(closed.get()).isZero();
        d.close();
        assertThat(closed.get()).isEqualTo(1);
    }

    @Test
    void chunkingThenReplayRestoresEveryRecord() {
        TopologyTestDriver chunker = driver(ChunkingTopology.build("plain", "compressed",
                new ChunkingSettings(37, 4000, Duration.ofSeconds(1)), () -> Codecs.zstd(3), 1 << 20), "chunker");
        TestInputTopic<byte[], byte[]> plain = chunker.createInputTopic("plain", new ByteArraySerializer(), new ByteArraySerializer());
        TestOutputTopic<byte[], byte[]> compressed = chunker.createOutputTopic("compressed", new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TestRecord<byte[], byte[]>> input = sampleRecords(500, 42);
        input.forEach(plain::pipeInput);
        chunker.advanceWallClockTime(Duration.ofSeconds(2));
        List<TestRecord<byte[], byte[]>> chunks = compressed.readRecordsToList();
        assertThat(chunks.size()).isGreaterThan(500 / 37);

        TopologyTestDriver replay = replay(CorruptChunkPolicy.FAIL);
        TestInputTopic<byte[], byte[]> cin = replay.createInputTopic("compressed", new ByteArraySerializer(), new ByteArraySerializer());
        chunks.forEach(cin::pipeInput);
        TestOutputTopic<byte[], byte[]> out = replay.createOutputTopic("replayed", new ByteArrayDeserializer(), new ByteArrayDeserializer());
        assertSameRecords(out.readRecordsToList(), input);
    }

    private static byte[] chunkOf(String... values) {
        List<ChunkRecord> rs = new ArrayList<>();
        for (String v : values) {
            rs.add(new ChunkRecord(null, v.getBytes(StandardCharsets.UTF_8), 1000, new RecordHeaders(), -1));
        }
        return new ChunkWriter(Codecs.zstd(3)).write(rs).envelope();
    }

    private static byte[] corrupt(byte[] envelope) {
        byte[] c = envelope.clone();
        c[c.length - 12] ^= 0x5A;
        return c;
    }

    @Test
    void failPolicyStopsOnAnUndecodableChunkNamingWhere() {
        TopologyTestDriver replay = replay(CorruptChunkPolicy.FAIL);
        TestInputTopic<byte[], byte[]> cin = replay.createInputTopic("compressed", new ByteArraySerializer(), new ByteArraySerializer());
        cin.pipeInput(chunkOf("a", "b"));
        assertThatThrownBy(() -> cin.pipeInput(corrupt(chunkOf("c", "d"))))
                .satisfies(e -> {
                    Throwable t = e;
                    while (t != null && !(t instanceof io.tokenpress.codec.CorruptChunkException)) {
                        t = t.getCause();
                    }
                    assertThat(t).as("a CorruptChunkException in the cause chain").isNotNull();
                })
                .satisfies(e -> {
                    Throwable t = e;
                    while (t != null && !(t instanceof UndecodableChunkException)) {
                        t = t.getCause();
                    }
                    assertThat(t).isNotNull();
                    UndecodableChunkException u = (UndecodableChunkException) t;
                    assertThat(u.topic()).isEqualTo("compressed");
                    assertThat(u.partition()).isZero();
                    assertThat(u.offset()).isEqualTo(1);
                    assertThat(u.getMessage()).contains("compressed-0 offset 1");
                });
    }

    @Test
    void deadLetterPolicyRoutesTheChunkAndGoesOn() {
        TopologyTestDriver replay = replay(CorruptChunkPolicy.DEAD_LETTER);
        TestInputTopic<byte[], byte[]> cin = replay.createInputTopic("compressed", new ByteArraySerializer(), new ByteArraySerializer());
        byte[] bad = corrupt(chunkOf("c", "d"));
        cin.pipeInput(chunkOf("a", "b"));
        cin.pipeInput(bad);
        cin.pipeInput("not an envelope".getBytes(StandardCharsets.UTF_8));
        cin.pipeInput(chunkOf("e"));
        TestOutputTopic<byte[], byte[]> out = replay.createOutputTopic("replayed", new ByteArrayDeserializer(), new ByteArrayDeserializer());
        TestOutputTopic<byte[], byte[]> dead = replay.createOutputTopic("dead", new ByteArrayDeserializer(), new ByteArrayDeserializer());
        assertThat(out.readValuesToList()).extracting(v -> new String(v, StandardCharsets.UTF_8)).containsExactly("a", "b", "e");
        List<TestRecord<byte[], byte[]>> dl = dead.readRecordsToList();
        assertThat(dl).hasSize(2);
        assertThat(dl.get(0).value()).isEqualTo(bad);
        assertThat(new String(dl.get(0).headers().lastHeader(ReplayProcessor.H_OFFSET).value(), StandardCharsets.UTF_8)).isEqualTo("1");
        assertThat(new String(dl.get(0).headers().lastHeader(ReplayProcessor.H_TOPIC).value(), StandardCharsets.UTF_8)).isEqualTo("compressed");
        assertThat(new String(dl.get(1).headers().lastHeader(ReplayProcessor.H_ERROR).value(), StandardCharsets.UTF_8)).contains("not a tokenpress envelope");
    }

    @Test
    void policyParsesItsConfigValues() {
        assertThat(CorruptChunkPolicy.of("fail")).isEqualTo(CorruptChunkPolicy.FAIL);
        assertThat(CorruptChunkPolicy.of("dead-letter")).isEqualTo(CorruptChunkPolicy.DEAD_LETTER);
        assertThatThrownBy(() -> CorruptChunkPolicy.of("skip")).hasMessageContaining("fail or dead-letter");
    }
}
