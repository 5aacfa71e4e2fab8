package io.tokenpress.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tokenpress.codec.Codecs;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The {@link BenchCodec} contract, for every codec the benchmark measures. */
class BenchCodecContractTest {

    static Stream<Named<Supplier<BenchCodec>>> codecs() {
        byte[] dictionary = ZstdDictionaries.train(SampleData.records(2000, 7), 8 * 1024);
        return Stream.of(
                Named.of("gzip-9", GzipCodec::new),
                Named.of("xz-9", XzCodec::new),
                Named.of("zstd-3", () -> new ZstdCodec(3)),
                Named.of("zstd-19", () -> new ZstdCodec(19)),
                Named.of("zstd-19+dict", () -> new ZstdCodec(19, dictionary)),
                Named.of("brotli-11", () -> {
                    assumeTrue(BrotliCodec.unavailableReason().isEmpty(), "brotli native library not loadable here");
                    return new BrotliCodec();
                }),
                Named.of("lz4", Lz4Codec::new),
                Named.of("tokenpress envelope (zstd-3)",
                        () -> new TokenpressCodec("envelope+zstd-3", Codecs.zstd(3), Codecs.decoder())));
    }

    static List<byte[]> samples() {
        List<byte[]> samples = new ArrayList<>();
        samples.add(new byte[0]);
        samples.add(new byte[] {42});
        byte[] everyByte = new byte[256 * 3];
        for (int i = 0; i < everyByte.length; i++) {
            everyByte[i] = (byte) i;
        }
        samples.add(everyByte);
        byte[] random = new byte[100_000];
        new Random(1).nextBytes(random);
        samples.add(random);
        samples.add(new byte[70_000]); // one long run, longer than lz4's 64 KiB blocks
        samples.add(String.join("\n", SampleData.records(300, 3).stream()
                        .map(r -> new String(r, StandardCharsets.UTF_8)).toList())
                .getBytes(StandardCharsets.UTF_8));
        samples.add("Grüße, 世界 — ünïcödé text\n".repeat(50).getBytes(StandardCharsets.UTF_8));
        return samples;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("codecs")
    void roundTripsEmptyBinaryAndText(Supplier<BenchCodec> factory) {
        try (BenchCodec codec = factory.get()) {
            for (byte[] sample : samples()) {
                byte[] frame = codec.compress(sample);
                assertThat(frame).as("%s frame of a %d-byte sample", codec.name(), sample.length).isNotEmpty();
                assertThat(codec.decompress(frame)).as("%s on %d bytes", codec.name(), sample.length).isEqualTo(sample);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("codecs")
    void compressesRedundantTextAndReusesItsState(Supplier<BenchCodec> factory) {
        byte[] text = String.join("\n", SampleData.records(200, 11).stream()
                        .map(r -> new String(r, StandardCharsets.UTF_8)).toList())
                .getBytes(StandardCharsets.UTF_8);
        try (BenchCodec codec = factory.get()) {
            byte[] first = codec.compress(text);
            assertThat(first.length).as(codec.name()).isLessThan(text.length / 2);
            // the same instance, interleaved with other inputs, gives the same frames back
            codec.compress(new byte[] {1, 2, 3});
            assertThat(codec.decompress(codec.compress(text))).isEqualTo(text);
            assertThat(codec.decompress(first)).isEqualTo(text);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("codecs")
    void oneInstanceIsSafeForConcurrentUse(Supplier<BenchCodec> factory) throws Exception {
        List<byte[]> samples = samples();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (BenchCodec codec = factory.get()) {
            List<byte[]> expected = samples.stream().map(codec::compress).toList();
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                int offset = w;
                workers.add(pool.submit(() -> {
                    for (int k = 0; k < 3 * samples.size(); k++) {
                        int i = (k + offset) % samples.size();
                        byte[] frame = codec.compress(samples.get(i));
                        assertThat(frame).as("%s frame of sample %d", codec.name(), i).isEqualTo(expected.get(i));
                        assertThat(codec.decompress(frame)).as("%s on sample %d", codec.name(), i).isEqualTo(samples.get(i));
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("codecs")
    void truncatedFrameIsAnErrorNotWrongBytes(Supplier<BenchCodec> factory) {
        byte[] text = SampleData.text(20_000, 5);
        try (BenchCodec codec = factory.get()) {
            byte[] frame = codec.compress(text);
            byte[] truncated = Arrays.copyOf(frame, frame.length / 2);
            assertThatThrownBy(() -> codec.decompress(truncated))
                    .isInstanceOf(BenchCodecException.class)
                    .hasMessageStartingWith(codec.name());
        }
    }
}
