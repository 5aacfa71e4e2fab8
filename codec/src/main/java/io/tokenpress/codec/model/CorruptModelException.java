package io.tokenpress.codec.model;

import io.tokenpress.codec.TokenpressException;

/**
 * A model artifact is truncated, tampered with, of an unknown format version, or inconsistent (a tensor
 * missing or of the wrong shape). The message says which.
 */
public class CorruptModelException extends TokenpressException {
    private static final long serialVersionUID = 1L;

    public CorruptModelException(String message) {
        super(message);
    }

    public CorruptModelException(String message, Throwable cause) {
        super(message, cause);
    }

    static void verify(boolean condition, String message, Object... args) {
        if (!condition) {
            throw new CorruptModelException(args.length == 0 ? message : String.format(message, args));
        }
    }
}
