package io.tokenpress.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Renders benchmark results as readable, aligned text tables. */
public final class ResultTable {
    private ResultTable() {}

    /**
     * One table per chunk size: codec, chunks, original and stored bytes, ratio, compress and decompress
     * MB/s and the round-trip check; then the notes (codec choices, failures, skipped codecs).
     */
    public static String chunks(List<ChunkResult> results, Map<String, String> skipped) {
        Map<Integer, List<ChunkResult>> bySize = new LinkedHashMap<>();
        results.forEach(r -> bySize.computeIfAbsent(r.chunkSize(), k -> new ArrayList<>()).add(r));
        StringBuilder out = new StringBuilder();
        List<String> notes = new ArrayList<>();
        for (Map.Entry<Integer, List<ChunkResult>> e : bySize.entrySet()) {
            out.append(out.length() == 0 ? "" : "\n")
                    .append("chunk size ").append(e.getKey()).append(" bytes (")
                    .append(e.getValue().get(0).measurement().items()).append(" chunks, ")
                    .append(e.getValue().get(0).measurement().originalBytes()).append(" bytes)\n");
            TextTable t = new TextTable("codec", "stored bytes", "ratio", "compress MB/s", "decompress MB/s", "round trip");
            for (ChunkResult r : e.getValue()) {
                Measurement m = r.measurement();
                t.row(r.codec(), m.compressFailed() ? "-" : Long.toString(m.compressedBytes()), ratio(m),
                        speed(m.compressMBps()), speed(m.decompressMBps()), roundTrip(m));
                note(notes, r.codec() + " @" + r.chunkSize(), m);
            }
            out.append(t.render());
        }
        return out.append(notes(notes, skipped)).toString();
    }

    /**
     * Ratios per record-length bucket: one column per non-empty bucket and one for all records, a row
     * for the record counts and mean lengths, one row per codec; then speeds over all records and the
     * notes.
     */
    public static String records(List<RecordResult> results, Map<String, String> skipped) {
        Set<String> buckets = new LinkedHashSet<>();
        Map<String, Map<String, RecordResult>> byCodec = new LinkedHashMap<>();
        for (RecordResult r : results) {
            buckets.add(r.bucket());
            byCodec.computeIfAbsent(r.codec(), k -> new LinkedHashMap<>()).put(r.bucket(), r);
        }
        List<String> header = new ArrayList<>(List.of("ratio by record length"));
        buckets.forEach(b -> header.add(b.equals(RecordBuckets.ALL) ? "all" : b + " B"));
        TextTable t = new TextTable(header.toArray(new String[0]));
        if (!byCodec.isEmpty()) {
            Map<String, RecordResult> first = byCodec.values().iterator().next();
            t.row(cells("records", buckets, b -> Long.toString(first.get(b).measurement().items())));
            t.row(cells("mean bytes", buckets, b -> {
                Measurement m = first.get(b).measurement();
                return String.format(Locale.ROOT, "%.0f", (double) m.originalBytes() / Math.max(1, m.items()));
            }));
        }
        List<String> notes = new ArrayList<>();
        TextTable speeds = new TextTable("codec (all records)", "stored bytes", "compress MB/s", "decompress MB/s", "round trip");
        for (Map.Entry<String, Map<String, RecordResult>> e : byCodec.entrySet()) {
            Map<String, RecordResult> row = e.getValue();
            t.row(cells(e.getKey(), buckets, b -> row.containsKey(b) ? ratio(row.get(b).measurement()) : "-"));
            RecordResult all = row.get(RecordBuckets.ALL);
            Measurement m = all.measurement();
            speeds.row(e.getKey(), m.compressFailed() ? "-" : Long.toString(m.compressedBytes()),
                    speed(m.compressMBps()), speed(m.decompressMBps()), roundTrip(m));
            note(notes, e.getKey(), m);
        }
        return t.render() + "\n" + speeds.render() + notes(notes, skipped);
    }

    private static String[] cells(String first, Set<String> buckets, java.util.function.Function<String, String> cell) {
        List<String> cells = new ArrayList<>(List.of(first));
        buckets.forEach(b -> cells.add(cell.apply(b)));
        return cells.toArray(new String[0]);
    }

    private static void note(List<String> notes, String what, Measurement m) {
        if (!m.detail().isEmpty()) {
            notes.add(what + ": chose " + m.detail());
        }
        if (m.failure() != null) {
            notes.add(what + ": FAILED: " + m.failure()
                    + (m.roundTripFailures() > 0 && !m.compressFailed() ? " (" + m.roundTripFailures() + " inputs)" : ""));
        }
    }

    private static String notes(List<String> notes, Map<String, String> skipped) {
        StringBuilder out = new StringBuilder();
        skipped.forEach((name, reason) -> notes.add(name + ": not measured: " + reason));
        if (!notes.isEmpty()) {
            out.append('\n');
            notes.forEach(n -> out.append("  ").append(n).append('\n'));
        }
        return out.toString();
    }

    static String ratio(Measurement m) {
        return m.compressFailed() ? "failed" : String.format(Locale.ROOT, "%.3f", m.ratio());
    }

    /** Three significant digits at least, fixed-point: {@code 1234.5}, {@code 12.3}, {@code 0.123}, {@code 0.000412}. */
    static String speed(double mbps) {
        if (Double.isNaN(mbps)) {
            return "-";
        }
        if (mbps >= 10) {
            return String.format(Locale.ROOT, "%.1f", mbps);
        }
        if (mbps >= 0.1 || mbps == 0) {
            return String.format(Locale.ROOT, "%.3f", mbps);
        }
        int decimals = Math.min(12, 2 - (int) Math.floor(Math.log10(mbps)));
        return String.format(Locale.ROOT, "%." + decimals + "f", mbps);
    }

    private static String roundTrip(Measurement m) {
        return m.roundTrip() ? "ok" : "FAILED";
    }
}
