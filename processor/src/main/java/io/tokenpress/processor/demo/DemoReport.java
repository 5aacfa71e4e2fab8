package io.tokenpress.processor.demo;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one demo run measured: records through the pipeline, bytes in and on the compressed topic,
 * chunks per codec and whether every record came back identical.
 *
 * @param records records produced to the plain topic
 * @param replayed records read back from the replay topic
 * @param plainBytes sum of the plain records' value bytes
 * @param compressedBytes sum of the chunk envelopes' bytes on the compressed topic
 * @param chunks chunks on the compressed topic
 * @param codecMix chunks per codec
 * @param mismatches records missing, extra or different after replay
 * @param seconds wall-clock time of the pipeline run
 */
public record DemoReport(
        long records, long replayed, long plainBytes, long compressedBytes, long chunks,
        Map<String, Long> codecMix, long mismatches, double seconds) implements DemoResult {

    public DemoReport {
        codecMix = Map.copyOf(codecMix);
    }

    /** Plain bytes per compressed byte (0 when nothing was compressed). */
    public double ratio() {
        return compressedBytes == 0 ? 0 : (double) plainBytes / compressedBytes;
    }

    /** True only when every produced record was replayed identical, in order, exactly once. */
    public boolean lossless() {
        return mismatches == 0 && replayed == records;
    }

    /** A few readable lines. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "records          %,d produced, %,d replayed%n", records, replayed));
        sb.append(String.format(Locale.ROOT, "plain bytes      %,d%n", plainBytes));
        sb.append(String.format(Locale.ROOT, "compressed bytes %,d in %,d chunks%n", compressedBytes, chunks));
        sb.append(String.format(Locale.ROOT, "ratio            %.2f x%n", ratio()));
        sb.append(String.format(Locale.ROOT, "codec mix        %s%n", new TreeMap<>(codecMix)));
        sb.append(String.format(Locale.ROOT, "verification     %s%n",
                lossless() ? "OK: every record came back identical (key, value, timestamp, headers, partition, order)"
                        : "FAILED: " + mismatches + " records missing, extra or different"));
        sb.append(String.format(Locale.ROOT, "time             %.1f s%n", seconds));
        return sb.toString();
    }

    /** One JSON object on one line. */
    public String toJson() {
        StringBuilder mix = new StringBuilder("{");
        new TreeMap<>(codecMix).forEach((k, v) -> {
            if (mix.length() > 1) {
                mix.append(',');
            }
            mix.append('"').append(k).append("\":").append(v);
        });
        mix.append('}');
        return String.format(Locale.ROOT,
                "{\"records\":%d,\"replayed\":%d,\"plainBytes\":%d,\"compressedBytes\":%d,\"ratio\":%.4f,\"chunks\":%d,"
                        + "\"codecMix\":%s,\"mismatches\":%d,\"lossless\":%b,\"seconds\":%.3f}",
                records, replayed, plainBytes, compressedBytes, ratio(), chunks, mix, mismatches, lossless(), seconds);
    }
}
