package io.tokenpress.bench;

/**
 * What one codec did on one list of inputs (the chunks of one size, or the records of one size bucket).
 *
 * @param items inputs measured
 * @param originalBytes sum of their lengths
 * @param compressedBytes sum of the lengths of what the codec stored for each (its whole frame)
 * @param compressNanos wall time of the fastest pass of {@link BenchCodec#compress} over all inputs (with
 *     several jobs, the inputs spread over the workers)
 * @param decompressNanos wall time of the fastest pass of {@link BenchCodec#decompress} over all frames
 * @param roundTripFailures inputs whose decompressed bytes differ from the original, or failed to decode
 * @param failure the first error message, or null when there was none
 * @param detail what the codec reported about its choices ({@link BenchCodec#takeDetail()}), or empty
 */
public record Measurement(
        long items,
        long originalBytes,
        long compressedBytes,
        long compressNanos,
        long decompressNanos,
        long roundTripFailures,
        String failure,
        String detail) {

    public Measurement {
        detail = detail == null ? "" : detail;
    }

    /** Nothing measured yet: the start of a sum. */
    public static Measurement empty() {
        return new Measurement(0, 0, 0, 0, 0, 0, null, "");
    }

    /** A codec that could not compress at all: no sizes, no speeds, round trip failed. */
    public static Measurement failed(long items, long originalBytes, String failure) {
        return new Measurement(items, originalBytes, 0, 0, 0, Math.max(1, items), failure, "");
    }

    /**
     * Both measurements together, as if measured in one go; failed when either failed to compress. The
     * details are joined with {@code "; "}.
     */
    public Measurement plus(Measurement other) {
        long items = this.items + other.items;
        long original = originalBytes + other.originalBytes;
        String firstFailure = failure != null ? failure : other.failure;
        String details = detail.isEmpty() ? other.detail : other.detail.isEmpty() ? detail : detail + "; " + other.detail;
        if (compressFailed() || other.compressFailed()) {
            return failed(items, original, firstFailure).withDetail(details);
        }
        return new Measurement(items, original, compressedBytes + other.compressedBytes,
                compressNanos + other.compressNanos, decompressNanos + other.decompressNanos,
                roundTripFailures + other.roundTripFailures, firstFailure, details);
    }

    /** This measurement with another detail text. */
    public Measurement withDetail(String newDetail) {
        return new Measurement(items, originalBytes, compressedBytes, compressNanos, decompressNanos,
                roundTripFailures, failure, newDetail);
    }

    /** True when the codec could not compress these inputs (so there is no ratio). */
    public boolean compressFailed() {
        return items > 0 && compressedBytes == 0;
    }

    /** Sum of original bytes over sum of compressed bytes; NaN when nothing was compressed. */
    public double ratio() {
        return compressedBytes == 0 ? Double.NaN : (double) originalBytes / compressedBytes;
    }

    /** Original megabytes (10^6 bytes) compressed per second; NaN when not timed. */
    public double compressMBps() {
        return megabytesPerSecond(compressNanos);
    }

    /** Original megabytes (10^6 bytes) restored per second; NaN when not timed. */
    public double decompressMBps() {
        return megabytesPerSecond(decompressNanos);
    }

    /** True when every input came back exactly. */
    public boolean roundTrip() {
        return roundTripFailures == 0 && failure == null;
    }

    private double megabytesPerSecond(long nanos) {
        return nanos <= 0 ? Double.NaN : originalBytes / 1e6 / (nanos / 1e9);
    }
}
