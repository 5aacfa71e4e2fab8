package io.tokenpress.loadtest.report;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;

/** Writes one CSV row per scenario (RFC 4180 quoting, '.' as the decimal separator). */
public final class CsvReport {
    /** The header row's columns, in order. */
    public static final List<String> COLUMNS = List.of(
            "scenario", "description", "records", "consumed", "payload_bytes", "stored_payload_bytes", "produce_seconds",
            "records_per_second", "mb_per_second", "consumed_per_second", "end_to_end_mb_per_second", "latency_p50_ms", "latency_p95_ms",
            "latency_p99_ms", "latency_max_ms", "bytes_on_disk", "compression_ratio", "cpu_seconds",
            "cpu_ms_per_mb", "note");

    private CsvReport() {}

    /** Writes the header and one row per result. */
    public static void write(List<ScenarioResult> results, Writer out) throws IOException {
        out.write(String.join(",", COLUMNS));
        out.write("\r\n");
        for (ScenarioResult r : results) {
            List<String> cells = List.of(
                    r.scenario(), r.description(), Long.toString(r.records()), Long.toString(r.consumed()),
                    Long.toString(r.payloadBytes()), Long.toString(r.storedPayloadBytes()), num(r.produceSeconds()), num(r.recordsPerSecond()),
                    num(r.megabytesPerSecond()), num(r.consumedPerSecond()), num(r.endToEndMegabytesPerSecond()), num(r.latencyMillis(50)),
                    num(r.latencyMillis(95)), num(r.latencyMillis(99)), num(r.latencyMillis(100)),
                    Long.toString(r.bytesOnDisk()), num(r.compressionRatio()), num(r.cpuSeconds()),
                    num(r.cpuMillisPerMegabyte()), r.note());
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < cells.size(); i++) {
                if (i > 0) {
                    line.append(',');
                }
                line.append(quote(cells.get(i)));
            }
            out.write(line.append("\r\n").toString());
        }
    }

    static String num(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.4f", v);
    }

    static String quote(String cell) {
        if (cell.contains(",") || cell.contains("\"") || cell.contains("\n") || cell.contains("\r")) {
            return '"' + cell.replace("\"", "\"\"") + '"';
        }
        return cell;
    }
}
