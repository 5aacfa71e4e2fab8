package io.tokenpress.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenpress.codec.Codecs;
import io.tokenpress.codec.model.ArchConfig;
import io.tokenpress.codec.model.ModelExporter;
import io.tokenpress.codec.model.RandomWeights;
import io.tokenpress.codec.neural.NeuralOptions;
import io.tokenpress.codec.store.ModelStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Measurer} with several jobs: the same sizes, choices and round-trip checks as with one, for
 * every codec; failures still reported; warm-up on every worker. Never asserts on timing.
 */
class ParallelMeasurerTest {
    /** Warm-up, and repeated passes: exercises every part of a measurement on the workers. */
    private static final Measurer.Timing SHORT = new Measurer.Timing(2, 1_000_000_000L, 1, 2);

    private static List<ChunkResult> run(CodecLineup lineup, byte[] data, List<Integer> sizes, int jobs) {
        return new ChunkBench(Progress.silent(), SHORT, jobs).run(lineup, data, sizes);
    }

    /** What must not depend on the number of jobs: everything but the speeds. */
    private static List<String> sizesAndChecks(List<ChunkResult> results) {
        return results.stream().map(r -> {
            Measurement m = r.measurement();
            return r.codec() + " @" + r.chunkSize() + ": " + m.items() + " items, " + m.originalBytes() + " -> "
                    + m.compressedBytes() + ", failures " + m.roundTripFailures() + ", " + m.failure() + ", " + m.detail();
        }).toList();
    }

    @Test
    void conventionalCodecsStoreTheSameBytesAndRoundTripWithTwoJobs() {
        byte[] data = SampleData.text(60_000, 1);
        byte[] dictionary = ZstdDictionaries.train(SampleData.records(2000, 7), 8 * 1024);
        try (CodecLineup lineup = Baselines.addChunkBaselines(new CodecLineup(), dictionary, null)) {
            List<ChunkResult> one = run(lineup, data, List.of(1024, 4096), 1);
            List<ChunkResult> two = run(lineup, data, List.of(1024, 4096), 2);

            assertThat(two).extracting(ChunkResult::codec).contains("gzip-9", "xz-9", "zstd-3", "zstd-19", "lz4",
                    Baselines.ZSTD_DICT);
            assertThat(sizesAndChecks(two)).containsExactlyElementsOf(sizesAndChecks(one));
            // frames are kept by index: in any other order they would decompress to another chunk
            assertThat(two).allSatisfy(r -> assertThat(r.measurement().roundTrip()).as(r.codec()).isTrue());
        }
    }

    @Test
    void tokenpressCodecsStoreTheSameBytesAndCountTheSameChoicesWithTwoJobs(@TempDir Path dir) throws Exception {
        byte[] artifact = ModelExporter.export(RandomWeights.create(ArchConfig.tiny(), 1), "bench-test", null,
                Map.of("createdAt", "0"), List.of(SampleData.text(300, 1)));
        Path model = Files.write(dir.resolve("bench-test.tpm"), artifact);
        byte[] data = SampleData.text(6_000, 2);
        Arrays.fill(data, 0, 512, (byte) 'a'); // a chunk zstd wins, whatever the random model predicts
        NeuralCodecFactory factory = new NeuralCodecFactory(ModelStores.chain(), NeuralOptions.defaults());
        try (CodecLineup lineup = new CodecLineup()
                .add(factory.open(model.toString()))
                .add(new TokenpressCodec("envelope+zstd-3", Codecs.zstd(3), Codecs.decoder()))) {
            List<ChunkResult> one = run(lineup, data, List.of(512), 1);
            List<ChunkResult> two = run(lineup, data, List.of(512), 2);

            assertThat(sizesAndChecks(two)).containsExactlyElementsOf(sizesAndChecks(one));
            assertThat(two).allSatisfy(r -> {
                assertThat(r.measurement().roundTrip()).as(r.codec()).isTrue();
                assertThat(r.measurement().detail()).as(r.codec()).isNotEmpty();
            });
        }
    }

    @Test
    void choicesAreCountedOncePerChunkWhenManyWorkersCountAtOnce() {
        byte[] data = new byte[3000 * 64];
        new java.util.Random(5).nextBytes(data); // incompressible: RAW
        for (int i = 0; i < data.length; i += 3 * 64) {
            Arrays.fill(data, i, i + 64, (byte) 'z'); // every third 64-byte chunk compresses: ZSTD
        }
        try (CodecLineup lineup = new CodecLineup()
                .add(new TokenpressCodec("tp", Codecs.zstd(3), Codecs.decoder()))) {
            String one = new ChunkBench(Progress.silent(), Measurer.Timing.once(), 1)
                    .run(lineup, data, List.of(64)).get(0).measurement().detail();
            String many = new ChunkBench(Progress.silent(), Measurer.Timing.once(), 4)
                    .run(lineup, data, List.of(64)).get(0).measurement().detail();
            assertThat(one).isEqualTo("RAW 2000, ZSTD 1000");
            assertThat(many).isEqualTo(one);
        }
    }

    @Test
    void tokenpressCodecCountsEveryChoiceUnderContention() throws Exception {
        try (TokenpressCodec codec = new TokenpressCodec("tp", Codecs.zstd(3), Codecs.decoder())) {
            Thread[] threads = new Thread[4];
            for (int t = 0; t < threads.length; t++) {
                threads[t] = new Thread(() -> {
                    for (int i = 0; i < 20_000; i++) {
                        codec.compress(new byte[] {(byte) i});
                    }
                });
                threads[t].start();
            }
            for (Thread t : threads) {
                t.join();
            }
            assertThat(codec.takeDetail()).isEqualTo("RAW 80000");
        }
    }

    @Test
    void aCodecThatFailsOnOneChunkStillReportsThatFailure() {
        byte[] data = SampleData.text(20_000, 3);
        byte[] poison = BenchInput.chunks(data, 1000).get(13);
        Lz4Codec lz4 = new Lz4Codec();
        BenchCodec failsToCompress = new Wrapped("fails-to-compress", lz4) {
            @Override
            public byte[] compress(byte[] chunk) {
                if (Arrays.equals(chunk, poison)) {
                    throw new BenchCodecException("fails-to-compress: chunk 13");
                }
                return super.compress(chunk);
            }
        };
        BenchCodec failsToDecompress = new Wrapped("fails-to-decompress", lz4) {
            @Override
            public byte[] decompress(byte[] frame) {
                byte[] out = super.decompress(frame);
                if (Arrays.equals(out, poison)) {
                    throw new BenchCodecException("fails-to-decompress: chunk 13");
                }
                return out;
            }
        };
        List<ChunkResult> results = run(new CodecLineup().add(failsToCompress).add(failsToDecompress).add(lz4),
                data, List.of(1000), 2);

        Measurement compress = results.get(0).measurement();
        assertThat(compress.compressFailed()).isTrue();
        assertThat(compress.roundTrip()).isFalse();
        assertThat(compress.failure()).isEqualTo("fails-to-compress: chunk 13");
        Measurement decompress = results.get(1).measurement();
        assertThat(decompress.roundTripFailures()).isEqualTo(1);
        assertThat(decompress.failure()).isEqualTo("fails-to-decompress: chunk 13");
        assertThat(decompress.compressedBytes()).isEqualTo(results.get(2).measurement().compressedBytes());
        assertThat(results.get(2).measurement().roundTrip()).isTrue();
    }

    @Test
    void warmUpRunsOnEveryWorkerThread() {
        Set<Thread> warmed = ConcurrentHashMap.newKeySet();
        Measurer.Timing warmUpOnly = new Measurer.Timing(1, Long.MAX_VALUE, 0, 1);
        BenchCodec recording = new Wrapped("recording", new Lz4Codec()) {
            @Override
            public byte[] compress(byte[] chunk) {
                if (chunk.length == Measurer.WARM_UP_BYTES) {
                    warmed.add(Thread.currentThread());
                }
                return super.compress(chunk);
            }
        };
        // 6000-byte chunks: only the warm-up sample has WARM_UP_BYTES (4096) bytes
        byte[] data = SampleData.text(8 * 6000, 4);
        Measurement m = new Measurer(Progress.silent(), warmUpOnly, 3).measure(recording, BenchInput.chunks(data, 6000));

        assertThat(m.roundTrip()).isTrue();
        assertThat(warmed).hasSize(3).doesNotContain(Thread.currentThread());
    }

    @Test
    void jobsMustBePositive() {
        assertThatThrownBy(() -> new Measurer(Progress.silent(), Measurer.Timing.once(), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jobs");
    }

    /** A codec that delegates to another under its own name. */
    private static class Wrapped implements BenchCodec {
        private final String name;
        private final BenchCodec inner;

        Wrapped(String name, BenchCodec inner) {
            this.name = name;
            this.inner = inner;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public byte[] compress(byte[] chunk) {
            return inner.compress(chunk);
        }

        @Override
        public byte[] decompress(byte[] compressed) {
            return inner.decompress(compressed);
        }
    }
}
