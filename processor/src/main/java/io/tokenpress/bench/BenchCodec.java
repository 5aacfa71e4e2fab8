package io.tokenpress.bench;

/**
 * One codec as the benchmark sees it: a chunk in, the bytes that codec must store for that chunk out
 * (its whole frame, header and checksums included), and back.
 *
 * <p>Contract: {@code decompress(compress(chunk))} equals {@code chunk} for every chunk, the empty one
 * included; the compressed form is self-contained (the benchmark passes nothing else to {@code
 * decompress}). Implementations may keep native contexts between calls; {@link #close()} releases them.
 *
 * <p>Implementations are thread-safe: with {@code bench --jobs N}, N workers call {@link #compress} and
 * {@link #decompress} on different chunks at the same time (a codec with per-call state keeps one per
 * thread or a pool of them). {@link #close()} is called when no call runs.
 */
public interface BenchCodec extends AutoCloseable {

    /** Short name for tables and JSON, e.g. {@code zstd-19} or {@code tokenpress:text}. */
    String name();

    /**
     * Compresses one chunk.
     *
     * @throws BenchCodecException if the codec fails
     */
    byte[] compress(byte[] chunk);

    /**
     * Restores a chunk from what {@link #compress} returned.
     *
     * @throws BenchCodecException if the frame is corrupt or the codec fails
     */
    byte[] decompress(byte[] compressed);

    /**
     * What the codec did since the last call, for the notes under the table (e.g. which inner codec a
     * tokenpress envelope chose); empty by default. Resets what it reports.
     */
    default String takeDetail() {
        return "";
    }

    @Override
    default void close() {}
}
