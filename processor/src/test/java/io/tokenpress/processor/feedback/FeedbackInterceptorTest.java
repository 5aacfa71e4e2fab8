package io.tokenpress.processor.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenpress.codec.Checksums;
import io.tokenpress.codec.ChunkEncoder;
import io.tokenpress.codec.Codecs;
import io.tokenpress.codec.CodedBlock;
import io.tokenpress.codec.model.ModelArtifact;
import io.tokenpress.codec.neural.NeuralCodecs;
import io.tokenpress.codec.neural.NeuralOptions;
import io.tokenpress.codec.store.DirectoryModelStore;
import io.tokenpress.processor.chunk.ChunkReader;
import io.tokenpress.processor.chunking.ChunkingSettings;
import io.tokenpress.processor.chunking.ChunkingTopology;
import io.tokenpress.processor.models.TestModels;
import io.tokenpress.schema.CodecKind;
import io.tokenpress.schema.FeedbackEvent;
import io.tokenpress.schema.Verification;
import io.tokenpress.serdes.ChunkRecord;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The feedback interceptor inside the chunking topology: events per chunk, sampling, verification and fallback. */
class FeedbackInterceptorTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path dir;

    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> in;
    private TestOutputTopic<byte[], byte[]> out;
    private final CollectingSink sink = new CollectingSink();
    private final FeedbackMetrics metrics = new FeedbackMetrics();
    private DirectoryModelStore store;

    @BeforeEach
    void openStore() {
        store = new DirectoryModelStore(dir.resolve("models"));
    }

    private void start(Supplier<ChunkEncoder> encoders, double verifyRate, double sampleRate) {
        FeedbackSettings settings = new FeedbackSettings("feedback", verifyRate, sampleRate, 3, 1 << 20);
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "feedback-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        p.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("state").toString());
        driver = new TopologyTestDriver(ChunkingTopology.build("plain", "compressed", new ChunkingSettings(10, 1 << 20, Duration.ofHours(1)),
                encoders,
                () -> new FeedbackInterceptor("plain", settings,
                        new ChunkVerifier(NeuralCodecs.universalDecoder(store), 1 << 20), store, sink, metrics, null),
                1 << 20), p, T0);
        in = driver.createInputTopic("plain", new ByteArraySerializer(), new ByteArraySerializer(), T0, Duration.ofMillis(1));
        out = driver.createOutputTopic("compressed", new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    private List<byte[]> produce(int n) {
        List<byte[]> values = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] v = ("{\"n\":" + i + ",\"text\":\"feedback record number " + i + "\"}").getBytes(StandardCharsets.UTF_8);
            values.add(v);
            in.pipeInput(("k" + i).getBytes(StandardCharsets.UTF_8), v);
        }
        return values;
    }

    private List<List<ChunkRecord>> chunks() {
        ChunkReader reader = new ChunkReader(Codecs.decoder(), 1 << 20);
        List<List<ChunkRecord>> chunks = new ArrayList<>();
        for (TestRecord<byte[], byte[]> r : out.readRecordsToList()) {
            chunks.add(reader.read(r.value()).records());
        }
        return chunks;
    }

    private static byte[] concat(List<byte[]> values, int from, int to) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int i = from; i < to; i++) {
            b.writeBytes(values.get(i));
        }
        return b.toByteArray();
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    @Test
    void everyChunkGetsAnEventWithItsOffsetsSizesAndSample() {
        start(() -> Codecs.zstd(3), 1.0, 1.0);
        List<byte[]> values = produce(35);
        driver.advanceWallClockTime(Duration.ofHours(2)); // the last 5 records flush on linger

        assertThat(chunks()).hasSize(4);
        assertThat(sink.events).hasSize(4);
        long[][] ranges = {{0, 9}, {10, 19}, {20, 29}, {30, 34}};
        for (int i = 0; i < 4; i++) {
            FeedbackEvent e = sink.events.get(i);
            int from = (int) ranges[i][0];
            int to = (int) ranges[i][1] + 1;
            assertThat(e.getTopic()).isEqualTo("plain");
            assertThat(e.getPartition()).isEqualTo(0);
            assertThat(e.getFirstOffset()).isEqualTo(ranges[i][0]);
            assertThat(e.getLastOffset()).isEqualTo(ranges[i][1]);
            assertThat(e.getRecordCount()).isEqualTo(to - from);
            assertThat(e.getPlainBytes()).isEqualTo(concat(values, from, to).length);
            assertThat(e.getCodedBytes()).isPositive();
            assertThat(e.getCodec()).isEqualTo(CodecKind.ZSTD);
            assertThat(e.getReward()).isNegative();
            assertThat(e.getVerified()).isEqualTo(Verification.OK);
            assertThat(e.getCompetitorSizes()).containsKey("zstd-3");
            assertThat(e.getModelId()).isEmpty();
            assertThat(bytes(e.getSample())).isEqualTo(concat(values, from, to));
        }
        assertThat(metrics.chunks()).isEqualTo(4);
        assertThat(metrics.verifiedChunks()).isEqualTo(4);
        assertThat(metrics.sampledChunks()).isEqualTo(4);
        assertThat(metrics.mismatches()).isZero();
    }

    @Test
    void withoutASampleRateEventsCarryNoUserData() {
        start(() -> Codecs.zstd(3), 0.0, 0.0);
        produce(20);
        assertThat(sink.events).hasSize(2);
        for (FeedbackEvent e : sink.events) {
            assertThat(e.getSample()).isNull();
            assertThat(e.getSampleLatent()).isEmpty();
            assertThat(e.getVerified()).isEqualTo(Verification.NOT_SAMPLED);
        }
        assertThat(metrics.verifiedChunks()).isZero();
    }

    /** An encoder that writes a wrong payload: zstd of the data with one byte changed, under the original CRC. */
    private static final class CorruptingEncoder implements ChunkEncoder {
        @Override
        public CodedBlock encode(byte[] data) {
            byte[] wrong = data.clone();
            if (wrong.length > 0) {
                wrong[wrong.length / 2] ^= 0x20;
            }
            CodedBlock z = Codecs.zstd(3).encode(wrong);
            return new CodedBlock(z.codec(), null, null, z.payload(), data.length, Checksums.crc32c(data));
        }

        @Override
        public String name() {
            return "corrupting";
        }
    }

    @Test
    void verificationCatchesACorruptEncoderAndReEmitsWithTheFallback() {
        start(CorruptingEncoder::new, 1.0, 0.0);
        List<byte[]> values = produce(30);

        List<List<ChunkRecord>> chunks = chunks();
        assertThat(chunks).hasSize(3);
        int i = 0;
        for (List<ChunkRecord> chunk : chunks) {
            for (ChunkRecord r : chunk) {
                assertThat(r.value()).isEqualTo(values.get(i++));
            }
        }
        assertThat(i).isEqualTo(30);
        assertThat(sink.events).hasSize(3).allSatisfy(e -> {
            assertThat(e.getVerified()).isEqualTo(Verification.MISMATCH);
            assertThat(e.getVerifyError()).contains("CRC32C");
            assertThat(e.getFallbackBytes()).isPositive();
        });
        assertThat(metrics.mismatches()).isEqualTo(3);
        assertThat(metrics.fallbacks()).isEqualTo(3);
    }

    @Test
    void neuralChunksNameTheirModelAndLogTheLatentCost() {
        String alphabet = "abcd";
        ModelArtifact model = store.put(TestModels.export(TestModels.unigram(TestModels.PLAIN, alphabet, 2f), "unigram", null, alphabet));
        start(() -> NeuralCodecs.encoder(model, NeuralOptions.defaults()), 1.0, 1.0);
        for (int i = 0; i < 10; i++) {
            in.pipeInput(null, TestModels.text(alphabet, 200, i));
        }
        assertThat(sink.events).hasSize(1);
        FeedbackEvent e = sink.events.get(0);
        assertThat(e.getCodec()).isEqualTo(CodecKind.NEURAL);
        assertThat(e.getModelId()).isEqualTo(model.id());
        assertThat(e.getDecompressorBits()).isPositive();
        assertThat(e.getReward()).isEqualTo(-(e.getLatentBits() + e.getDecompressorBits()));
        assertThat(e.getDecompressorBits() / e.getPlainBytes()).isLessThan(2.2);
        assertThat(e.getVerified()).isEqualTo(Verification.OK);
        assertThat(e.getCompetitorSizes().get("zstd-3") * 8).isGreaterThan((long) e.getDecompressorBits());
    }
}
