package io.tokenpress.bench;

import java.util.Locale;

/**
 * Renders results as JSON objects, one per line. Chunk results have the fields {@code codec}, {@code
 * chunkSize}, {@code jobs}, {@code ratio}, {@code compressMBps}, {@code decompressMBps}, {@code
 * roundTrip}, {@code chunks}, {@code originalBytes}, {@code compressedBytes}; record results have {@code
 * mode} ({@code records}), {@code bucket} and {@code records} in place of {@code chunkSize} and {@code
 * chunks}. {@code jobs} is the number of worker threads per pass (speeds are their aggregate). A
 * number that does not exist (a codec that failed) is {@code null}; {@code detail} and {@code error}
 * appear only when there is something to say.
 */
public final class JsonLines {
    private JsonLines() {}

    /** One chunk result, measured with {@code jobs} workers, as one line of JSON without the newline. */
    public static String chunk(ChunkResult r, int jobs) {
        Measurement m = r.measurement();
        return "{\"codec\":" + string(r.codec())
                + ",\"chunkSize\":" + r.chunkSize()
                + ",\"jobs\":" + jobs
                + common(m)
                + ",\"chunks\":" + m.items()
                + sizes(m)
                + extras(m)
                + "}";
    }

    /** One record-bucket result, measured with {@code jobs} workers, as one line of JSON without the newline. */
    public static String record(RecordResult r, int jobs) {
        Measurement m = r.measurement();
        return "{\"mode\":\"records\",\"codec\":" + string(r.codec())
                + ",\"bucket\":" + string(r.bucket())
                + ",\"jobs\":" + jobs
                + common(m)
                + ",\"records\":" + m.items()
                + sizes(m)
                + extras(m)
                + "}";
    }

    private static String common(Measurement m) {
        return ",\"ratio\":" + number(m.ratio())
                + ",\"compressMBps\":" + number(m.compressMBps())
                + ",\"decompressMBps\":" + number(m.decompressMBps())
                + ",\"roundTrip\":" + m.roundTrip();
    }

    private static String sizes(Measurement m) {
        return ",\"originalBytes\":" + m.originalBytes()
                + ",\"compressedBytes\":" + (m.compressFailed() ? "null" : Long.toString(m.compressedBytes()));
    }

    private static String extras(Measurement m) {
        return (m.detail().isEmpty() ? "" : ",\"detail\":" + string(m.detail()))
                + (m.failure() == null ? "" : ",\"error\":" + string(m.failure()));
    }

    static String number(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? "null" : String.format(Locale.ROOT, "%.6g", v);
    }

    static String string(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
