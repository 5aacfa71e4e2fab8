package io.tokenpress.codec;

/** A block names a model that none of the configured model stores holds, or whose bytes fail their hash. */
public class ModelNotFoundException extends TokenpressException {
    private static final long serialVersionUID = 1L;

    public ModelNotFoundException(String message) {
        super(message);
    }

    public ModelNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
