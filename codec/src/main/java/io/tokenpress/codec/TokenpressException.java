package io.tokenpress.codec;

/** Base of every exception tokenpress raises on purpose; unchecked, with a message that says what to do. */
public class TokenpressException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TokenpressException(String message) {
        super(message);
    }

    public TokenpressException(String message, Throwable cause) {
        super(message, cause);
    }
}
