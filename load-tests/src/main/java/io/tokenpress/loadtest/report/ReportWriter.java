package io.tokenpress.loadtest.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a complete report into one directory: {@value #CSV}, {@value #MARKDOWN} and the PNG charts
 * of {@link Charts}.
 */
public final class ReportWriter {
    /** The CSV file's name. */
    public static final String CSV = "results.csv";
    /** The Markdown report's name. */
    public static final String MARKDOWN = "report.md";

    private ReportWriter() {}

    /**
     * @param dir created if missing; existing files of the same names are replaced
     * @return the Markdown report's path
     * @throws UncheckedIOException if a file cannot be written
     */
    public static Path write(Path dir, String title, List<String> setup, List<ScenarioResult> results) {
        try {
            Files.createDirectories(dir);
            try (Writer w = Files.newBufferedWriter(dir.resolve(CSV), StandardCharsets.UTF_8)) {
                CsvReport.write(results, w);
            }
            List<String> charts = Charts.writeAll(results, dir);
            Path md = dir.resolve(MARKDOWN);
            try (Writer w = Files.newBufferedWriter(md, StandardCharsets.UTF_8)) {
                MarkdownReport.write(title, setup, results, charts, w);
            }
            return md;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the load-test report to " + dir, e);
        }
    }
}
