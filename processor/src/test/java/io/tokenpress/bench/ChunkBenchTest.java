package io.tokenpress.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkBenchTest {
    private final ChunkBench bench = new ChunkBench(Progress.silent(), Measurer.Timing.once());

    @Test
    void measuresEveryCodecOnTheSameChunksAndTheNumbersAddUp() {
        byte[] data = SampleData.text(50_000, 1);
        try (CodecLineup lineup = new CodecLineup().add(new GzipCodec()).add(new ZstdCodec(3));
                ZstdCodec reference = new ZstdCodec(3)) {
            List<ChunkResult> results = bench.run(lineup, data, List.of(4096, 16384));

            assertThat(results).extracting(ChunkResult::codec).containsExactly("gzip-9", "zstd-3", "gzip-9", "zstd-3");
            assertThat(results).extracting(ChunkResult::chunkSize).containsExactly(4096, 4096, 16384, 16384);
            for (ChunkResult r : results) {
                Measurement m = r.measurement();
                assertThat(m.items()).isEqualTo((data.length + r.chunkSize() - 1) / r.chunkSize());
                assertThat(m.originalBytes()).isEqualTo(data.length);
                assertThat(m.ratio()).isCloseTo((double) m.originalBytes() / m.compressedBytes(), within(1e-12));
                assertThat(m.roundTrip()).isTrue();
                assertThat(m.compressNanos()).isPositive();
                assertThat(m.decompressMBps()).isPositive();
            }
            // stored bytes are the sum of the codec's frames for exactly these chunks
            long expected = BenchInput.chunks(data, 4096).stream().mapToLong(c -> reference.compress(c).length).sum();
            assertThat(results.get(1).measurement().compressedBytes()).isEqualTo(expected);
        }
    }

    @Test
    void aCodecThatReturnsWrongBytesFailsTheRoundTripButIsStillMeasured() {
        BenchCodec lz4 = new Lz4Codec();
        BenchCodec lossy = new BenchCodec() {
            @Override
            public String name() {
                return "lossy";
            }

            @Override
            public byte[] compress(byte[] chunk) {
                return lz4.compress(chunk);
            }

            @Override
            public byte[] decompress(byte[] compressed) {
                byte[] out = lz4.decompress(compressed);
                if (out.length > 0) {
                    out[0] ^= 1;
                }
                return out;
            }
        };
        Measurement m = bench.run(new CodecLineup().add(lossy), SampleData.text(10_000, 2), List.of(4096))
                .get(0).measurement();
        assertThat(m.roundTrip()).isFalse();
        assertThat(m.roundTripFailures()).isEqualTo(3);
        assertThat(m.failure()).contains("did not round-trip");
        assertThat(m.ratio()).isGreaterThan(1);
    }

    @Test
    void aCodecThatThrowsIsReportedAsFailedAndTheOthersStillRun() {
        BenchCodec broken = new BenchCodec() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public byte[] compress(byte[] chunk) {
                throw new BenchCodecException("broken: out of luck");
            }

            @Override
            public byte[] decompress(byte[] compressed) {
                return compressed;
            }
        };
        List<ChunkResult> results = bench.run(
                new CodecLineup().add(broken).add(new Lz4Codec()), SampleData.text(5000, 3), List.of(1000));
        Measurement failed = results.get(0).measurement();
        assertThat(failed.compressFailed()).isTrue();
        assertThat(failed.roundTrip()).isFalse();
        assertThat(failed.ratio()).isNaN();
        assertThat(failed.failure()).isEqualTo("broken: out of luck");
        assertThat(results.get(1).measurement().roundTrip()).isTrue();
    }

    @Test
    void tokenpressEnvelopeReportsWhichCodecItChoseOncePerChunk() {
        byte[] data = new byte[3 * 4096];
        new java.util.Random(4).nextBytes(data); // incompressible: the envelope stores it raw
        Arrays.fill(data, 0, 4096, (byte) 'a'); // except the first chunk
        try (CodecLineup lineup = new CodecLineup().add(new TokenpressCodec("tp",
                io.tokenpress.codec.Codecs.zstd(3), io.tokenpress.codec.Codecs.decoder()))) {
            Measurement m = new ChunkBench(Progress.silent(), new Measurer.Timing(3, 1_000_000_000L, 1_000_000_000L, 3))
                    .run(lineup, data, List.of(4096)).get(0).measurement();
            assertThat(m.detail()).isEqualTo("RAW 2, ZSTD 1");
            assertThat(m.compressedBytes()).isGreaterThan(2 * 4096L);
        }
    }

    @Test
    void workCountsEveryByteTwicePerCodecAndChunkSize() {
        assertThat(ChunkBench.work(1000, 3, 2)).isEqualTo(12_000);
    }
}
