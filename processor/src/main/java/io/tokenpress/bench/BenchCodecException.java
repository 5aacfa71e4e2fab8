package io.tokenpress.bench;

/** A codec under benchmark failed to compress or decompress; the message names the codec and the cause. */
public class BenchCodecException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BenchCodecException(String message) {
        super(message);
    }

    public BenchCodecException(String message, Throwable cause) {
        super(message, cause);
    }
}
