package io.tokenpress.loadtest.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenpress.loadtest.measure.Percentiles;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.LongStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {

    private static ScenarioResult result(String name, long bytesOnDisk, String note) {
        long[] latencies = LongStream.rangeClosed(1, 100).map(i -> i * 1_000_000L).toArray();
        return new ScenarioResult(name, "described, with a comma", 1000, 1000, 2_000_000, 2_000_000, 2.0, 2.5,
                Percentiles.of(latencies), bytesOnDisk, 1.5, note);
    }

    @Test
    void writesCsvMarkdownAndPngs(@TempDir Path dir) throws Exception {
        List<ScenarioResult> results = List.of(
                result("kafka-none", 2_100_000, ""),
                result("tokenpress-chunk-zstd", 400_000, "a \"quoted\" note"),
                new ScenarioResult("empty", "nothing consumed", 0, 0, 0, 0, 0, 0, Percentiles.of(new long[0]), 0, 0, ""));

        Path md = ReportWriter.write(dir, "Load test", List.of("corpus: test"), results);

        List<List<String>> rows = CsvParser.parse(Files.readString(dir.resolve(ReportWriter.CSV), StandardCharsets.UTF_8));
        assertThat(rows).hasSize(4);
        assertThat(rows.get(0)).isEqualTo(CsvReport.COLUMNS);
        for (List<String> row : rows) {
            assertThat(row).hasSize(CsvReport.COLUMNS.size());
        }
        List<String> chunk = rows.get(2);
        assertThat(chunk.get(col("scenario"))).isEqualTo("tokenpress-chunk-zstd");
        assertThat(chunk.get(col("description"))).isEqualTo("described, with a comma");
        assertThat(Double.parseDouble(chunk.get(col("records_per_second")))).isEqualTo(500.0);
        assertThat(Double.parseDouble(chunk.get(col("mb_per_second")))).isEqualTo(1.0);
        assertThat(Double.parseDouble(chunk.get(col("end_to_end_mb_per_second")))).isEqualTo(0.8);
        assertThat(Double.parseDouble(chunk.get(col("latency_p50_ms")))).isEqualTo(50.0);
        assertThat(Double.parseDouble(chunk.get(col("latency_p99_ms")))).isEqualTo(99.0);
        assertThat(Double.parseDouble(chunk.get(col("compression_ratio")))).isEqualTo(5.0);
        assertThat(Double.parseDouble(chunk.get(col("cpu_ms_per_mb")))).isEqualTo(750.0);
        assertThat(chunk.get(col("note"))).isEqualTo("a \"quoted\" note");
        assertThat(rows.get(3).get(col("latency_p50_ms"))).isEmpty();

        String report = Files.readString(md);
        assertThat(report).startsWith("# Load test\n")
                .contains("| tokenpress-chunk-zstd | 1000 | 1.00 | 500 | 400 | 50.0 | 95.0 | 99.0 | 400000 | 5.00 | 1.50 | 750 |")
                .contains("| empty | 0 | 0.00 | 0 | 0 | n/a | n/a | n/a | 0 | 0.00 | 0.00 | 0 |")
                .contains("![" + Charts.RATIO_VS_THROUGHPUT + "](" + Charts.RATIO_VS_THROUGHPUT + ")");

        for (String png : List.of(Charts.RATIO_VS_THROUGHPUT, Charts.LATENCY_PERCENTILES, Charts.LATENCY_CDF, Charts.BYTES_ON_DISK)) {
            BufferedImage image = ImageIO.read(dir.resolve(png).toFile());
            assertThat(image).as(png).isNotNull();
            assertThat(image.getWidth()).isEqualTo(1000);
            assertThat(image.getHeight()).isEqualTo(600);
        }
    }

    @Test
    void ratioCountsOnlyThePayloadTheTopicHolds() {
        ScenarioResult lagging = new ScenarioResult("chunk", "processor fell behind", 1000, 100, 2_000_000, 200_000, 2.0, 9.0,
                Percentiles.of(new long[] {1}), 40_000, 1.0, "");
        assertThat(lagging.compressionRatio()).isEqualTo(5.0);
        assertThat(lagging.megabytesPerSecond()).isEqualTo(1.0);
        // 100 of 1000 records (2,000 bytes each) in 9 s
        assertThat(lagging.endToEndMegabytesPerSecond()).isCloseTo(0.2 / 9, org.assertj.core.data.Offset.offset(1e-12));
    }

    private static int col(String name) {
        return CsvReport.COLUMNS.indexOf(name);
    }
}
