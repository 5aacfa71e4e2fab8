package io.tokenpress.codec;

/**
 * Turns a chunk of bytes into a {@link CodedBlock}. Implementations are configured with a codec (and
 * for the neural codec a model) and must return a block that {@link ChunkDecoder} decodes back to
 * exactly the input. Thread-safe unless stated otherwise.
 */
public interface ChunkEncoder extends AutoCloseable {

    /** Encodes {@code data} (may be empty). */
    CodedBlock encode(byte[] data);

    /** Short name for logs and metrics, e.g. {@code zstd-3} or {@code neural:text@1a2b3c4d}. */
    String name();

    @Override
    default void close() {}
}
