package io.tokenpress.processor.demo;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What {@code tokenpress demo --retrain} measured.
 *
 * @param records records produced (both parts)
 * @param firstPart records compressed with the starting model
 * @param replayed records replayed from the compressed topic
 * @param mismatches records missing, extra or different after replay
 * @param modelsUsed ids of the models that wrote neural chunks on the compressed topic
 * @param startModel the starting model's id
 * @param newModel the retrained model's id
 * @param bitsPerByteBefore the starting model's coded bits per byte on the rest of the sample
 * @param bitsPerByteAfter the retrained model's coded bits per byte on the same chunks
 * @param feedbackEvents feedback events logged
 * @param sampledChunks feedback events carrying a sampled chunk
 * @param improvedOnHeldOut whether retraining found the new model better on held-back feedback
 * @param seconds wall-clock time
 */
public record RetrainDemoReport(long records, long firstPart, long replayed, long mismatches, List<String> modelsUsed,
        String startModel, String newModel, double bitsPerByteBefore, double bitsPerByteAfter, long feedbackEvents,
        long sampledChunks, boolean improvedOnHeldOut, double seconds) implements DemoResult {

    public RetrainDemoReport {
        modelsUsed = List.copyOf(modelsUsed);
    }

    /** True only when every record came back identical, in order, exactly once. */
    public boolean lossless() {
        return mismatches == 0 && replayed == records;
    }

    public double ratioBefore() {
        return 8 / bitsPerByteBefore;
    }

    public double ratioAfter() {
        return 8 / bitsPerByteAfter;
    }

    /** Readable lines. */
    public String summary() {
        return String.format(Locale.ROOT,
                "demo --retrain: %,d records (%,d with the starting model, %,d after promotion) in %.1f s%n"
                        + "  starting model %s -> retrained %s (%s on held-back feedback)%n"
                        + "  feedback: %,d events, %,d with sampled chunks%n"
                        + "  the rest of the sample: %.4f bits/byte before (ratio %.3f), %.4f after (ratio %.3f)%n"
                        + "  models that wrote chunks: %s%n"
                        + "  replay of the whole compressed topic: %,d records, %s%n",
                records, firstPart, records - firstPart, seconds, shortId(startModel), shortId(newModel),
                improvedOnHeldOut ? "better" : "not better", feedbackEvents, sampledChunks, bitsPerByteBefore, ratioBefore(),
                bitsPerByteAfter, ratioAfter(), modelsUsed.stream().map(RetrainDemoReport::shortId).collect(Collectors.joining(", ")),
                replayed, lossless() ? "LOSSLESS: every record identical" : mismatches + " MISMATCHES");
    }

    /** One JSON object. */
    public String toJson() {
        return String.format(Locale.ROOT,
                "{\"records\":%d,\"replayed\":%d,\"modelsUsed\":%d,\"models\":[%s],\"startModel\":\"%s\",\"newModel\":\"%s\","
                        + "\"bitsPerByteBefore\":%.6f,\"bitsPerByteAfter\":%.6f,\"ratioBefore\":%.6f,\"ratioAfter\":%.6f,"
                        + "\"feedbackEvents\":%d,\"sampledChunks\":%d,\"improvedOnHeldOut\":%b,\"lossless\":%b}",
                records, replayed, modelsUsed.size(), modelsUsed.stream().map(m -> "\"" + m + "\"").collect(Collectors.joining(",")),
                startModel, newModel, bitsPerByteBefore, bitsPerByteAfter, ratioBefore(), ratioAfter(), feedbackEvents, sampledChunks,
                improvedOnHeldOut, lossless());
    }

    private static String shortId(String id) {
        return id == null ? "-" : id.substring(0, Math.min(16, id.length()));
    }
}
