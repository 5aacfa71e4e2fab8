package io.tokenpress.codec;

/**
 * A chunk or envelope could not be decoded exactly: it is corrupt, truncated, of an unknown format
 * version, or decodes to bytes whose length or CRC32C differ from what the envelope declares. The
 * message names the cause; callers add where the chunk came from (topic, partition, offset).
 */
public class CorruptChunkException extends TokenpressException {
    private static final long serialVersionUID = 1L;

    public CorruptChunkException(String message) {
        super(message);
    }

    public CorruptChunkException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Throws a {@code CorruptChunkException} with {@code message} unless {@code condition} holds. */
    public static void verify(boolean condition, String message, Object... args) {
        if (!condition) {
            throw new CorruptChunkException(args.length == 0 ? message : String.format(message, args));
        }
    }
}
