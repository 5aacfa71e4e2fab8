package io.tokenpress.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tokenpress.loadtest.report.Charts;
import io.tokenpress.loadtest.report.CsvParser;
import io.tokenpress.loadtest.report.CsvReport;
import io.tokenpress.loadtest.report.ReportWriter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A tiny load test (seconds) through the command line against the in-process broker: every kind of
 * scenario runs, every record comes back intact, and the report files are written.
 */
class LoadTestIT {

    @Test
    void tinyRunWritesAReportWithEveryScenario(@TempDir Path reportDir) throws Exception {
        String shared = System.getProperty("tokenpress.shared");
        Path corpus = shared == null ? null : Path.of(shared, "corpora/json/wikiticker-valid.jsonl");
        assumeTrue(corpus != null && Files.isRegularFile(corpus), "shared corpus not available");

        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream previous = System.out;
        int status;
        try (PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            System.setOut(out);
            status = new CommandLine(new LoadTestMain()).execute(
                    "--input", corpus.toString(), "--max-input-bytes", "200000", "--records", "300",
                    "--warmup-records", "0", "--max-seconds", "30", "--drain-seconds", "60", "--partitions", "2",
                    "--scenarios", "kafka-none,kafka-gzip,tokenpress-serde-zstd,tokenpress-chunk-zstd",
                    "--report-dir", reportDir.toString());
        } finally {
            System.setOut(previous);
        }
        String console = captured.toString(StandardCharsets.UTF_8);
        previous.println(console);

        assertThat(status).isZero();
        assertThat(console).contains("scenario 4/4: tokenpress-chunk-zstd").contains("report written to " + reportDir.toAbsolutePath());

        List<List<String>> csv = CsvParser.parse(Files.readString(reportDir.resolve(ReportWriter.CSV)));
        assertThat(csv).hasSize(5);
        assertThat(csv.get(0)).isEqualTo(CsvReport.COLUMNS);
        for (List<String> cells : csv.subList(1, csv.size())) {
            assertThat(cells).hasSize(CsvReport.COLUMNS.size());
            String name = cells.get(0);
            assertThat(Long.parseLong(cell(cells, "records"))).as(name).isEqualTo(300);
            assertThat(Long.parseLong(cell(cells, "consumed"))).as(name).isEqualTo(300);
            assertThat(Long.parseLong(cell(cells, "bytes_on_disk"))).as(name).isPositive();
            assertThat(cell(cells, "latency_p99_ms")).as(name).isNotEmpty();
            assertThat(cell(cells, "note")).as(name + ": no failure, loss or mismatch").isEmpty();
        }
        double chunkRatio = Double.parseDouble(cell(csv.get(4), "compression_ratio"));
        double plainRatio = Double.parseDouble(cell(csv.get(1), "compression_ratio"));
        assertThat(chunkRatio).as("chunks of JSON records compress").isGreaterThan(2 * plainRatio);

        assertThat(Files.readString(reportDir.resolve(ReportWriter.MARKDOWN))).contains("| tokenpress-serde-zstd | 300 |");
        for (String png : List.of(Charts.RATIO_VS_THROUGHPUT, Charts.LATENCY_PERCENTILES, Charts.LATENCY_CDF, Charts.BYTES_ON_DISK)) {
            assertThat(ImageIO.read(reportDir.resolve(png).toFile())).as(png).isNotNull();
        }
    }

    private static String cell(List<String> row, String column) {
        return row.get(CsvReport.COLUMNS.indexOf(column));
    }
}
