package io.tokenpress.loadtest.report;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;

/** Writes the human-readable report: the setup, one table row per scenario, and the charts. */
public final class MarkdownReport {
    private MarkdownReport() {}

    /**
     * @param title first heading
     * @param setup lines describing the run (corpus, broker, rate, bounds), each written as a bullet
     * @param results one per scenario
     * @param charts file names of the PNG charts, relative to the report
     */
    public static void write(String title, List<String> setup, List<ScenarioResult> results, List<String> charts, Writer out)
            throws IOException {
        StringBuilder b = new StringBuilder();
        b.append("# ").append(title).append("\n\n");
        for (String s : setup) {
            b.append("- ").append(s).append('\n');
        }
        b.append("\n## Results\n\n");
        b.append("| scenario | records | MB/s in | records/s in | records/s out | p50 ms | p95 ms | p99 ms | bytes on disk | ratio | CPU s | CPU ms/MB |\n");
        b.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (ScenarioResult r : results) {
            b.append("| ").append(cell(r.scenario()))
                    .append(" | ").append(r.records())
                    .append(" | ").append(f("%.2f", r.megabytesPerSecond()))
                    .append(" | ").append(f("%.0f", r.recordsPerSecond()))
                    .append(" | ").append(f("%.0f", r.consumedPerSecond()))
                    .append(" | ").append(f("%.1f", r.latencyMillis(50)))
                    .append(" | ").append(f("%.1f", r.latencyMillis(95)))
                    .append(" | ").append(f("%.1f", r.latencyMillis(99)))
                    .append(" | ").append(r.bytesOnDisk())
                    .append(" | ").append(f("%.2f", r.compressionRatio()))
                    .append(" | ").append(f("%.2f", r.cpuSeconds()))
                    .append(" | ").append(f("%.0f", r.cpuMillisPerMegabyte()))
                    .append(" |\n");
        }
        b.append("\nratio = payload bytes the topic holds / log segment bytes of the topic on the broker (`.log` files, as on "
                + "disk); for the chunking processor the topic is the compressed one and the payload is what it wrote (as "
                + "consumed).\n");
        b.append("MB/s and records/s in = produced (payload) per second, first send to last acknowledgement; "
                + "records/s out = consumed per second, first send to last record consumed.\n");
        b.append("Latency = from the producer's send to the consumer's receipt of the original record; producing flat out, "
                + "it includes the time records wait in the producer's buffer.\n");
        b.append("CPU = process CPU time of the load-test JVM (producer, processor, consumer and the in-process broker).\n");
        boolean anyNote = results.stream().anyMatch(r -> !r.note().isEmpty());
        if (anyNote) {
            b.append("\n## Notes\n\n");
            for (ScenarioResult r : results) {
                if (!r.note().isEmpty()) {
                    b.append("- **").append(cell(r.scenario())).append("**: ").append(r.note()).append('\n');
                }
            }
        }
        b.append("\n## Scenarios\n\n");
        for (ScenarioResult r : results) {
            b.append("- **").append(cell(r.scenario())).append("**: ").append(r.description()).append('\n');
        }
        if (!charts.isEmpty()) {
            b.append("\n## Charts\n\n");
            for (String c : charts) {
                b.append("![").append(c).append("](").append(c).append(")\n\n");
            }
        }
        out.write(b.toString());
    }

    private static String f(String format, double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, format, v);
    }

    private static String cell(String s) {
        return s.replace("|", "\\|");
    }
}
