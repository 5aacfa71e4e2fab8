package io.tokenpress.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResultTableTest {

    @Test
    void chunkTableIsAlignedAndListsFailuresAndSkippedCodecs() {
        Measurement ok = new Measurement(2, 8192, 2048, 1_000_000, 500_000, 0, null, "NEURAL 2");
        Measurement bad = Measurement.failed(2, 8192, "xz-9: boom");
        String table = ResultTable.chunks(
                List.of(new ChunkResult("tokenpress:text", 4096, ok), new ChunkResult("xz-9", 4096, bad)),
                Map.of("brotli-11", "native brotli library not available: x"));

        List<String> lines = table.lines().toList();
        assertThat(lines.get(0)).isEqualTo("chunk size 4096 bytes (2 chunks, 8192 bytes)");
        assertThat(lines.get(1)).startsWith("codec").contains("ratio");
        // right-aligned columns: every row of the table has the header's length
        assertThat(lines.get(3)).hasSameSizeAs(lines.get(1)).contains("4.000").endsWith("ok");
        assertThat(lines.get(4)).contains("failed").endsWith("FAILED");
        assertThat(table).contains("tokenpress:text @4096: chose NEURAL 2")
                .contains("xz-9 @4096: FAILED: xz-9: boom")
                .contains("brotli-11: not measured: native brotli library not available: x");
    }

    @Test
    void recordTableHasOneColumnPerBucket() {
        Measurement small = new Measurement(4, 200, 100, 1000, 1000, 0, null, "");
        Measurement large = new Measurement(1, 1000, 250, 1000, 1000, 0, null, "");
        String table = ResultTable.records(List.of(
                new RecordResult("zstd-3", "<=64", small),
                new RecordResult("zstd-3", "<=1K", large),
                new RecordResult("zstd-3", RecordBuckets.ALL, small.plus(large))), Map.of());
        List<String> lines = table.lines().toList();
        assertThat(lines.get(0)).contains("<=64 B").contains("<=1K B").contains("all");
        assertThat(lines.get(2)).matches("records\\s+4\\s+1\\s+5");
        assertThat(lines.get(3)).matches("mean bytes\\s+50\\s+1000\\s+240");
        assertThat(lines.get(4)).matches("zstd-3\\s+2\\.000\\s+4\\.000\\s+3\\.429");
    }

    @Test
    void slowSpeedsKeepThreeSignificantDigits() {
        assertThat(ResultTable.speed(1234.56)).isEqualTo("1234.6");
        assertThat(ResultTable.speed(1.23456)).isEqualTo("1.235");
        assertThat(ResultTable.speed(0.000412345)).isEqualTo("0.000412");
        assertThat(ResultTable.speed(0.0123)).isEqualTo("0.0123");
        assertThat(ResultTable.speed(Double.NaN)).isEqualTo("-");
    }
}
