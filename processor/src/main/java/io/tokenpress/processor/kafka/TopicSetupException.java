package io.tokenpress.processor.kafka;

import io.tokenpress.codec.TokenpressException;

/** A topic tokenpress needs is missing, cannot be created, or has the wrong partition count. */
public class TopicSetupException extends TokenpressException {
    private static final long serialVersionUID = 1L;

    public TopicSetupException(String message) {
        super(message);
    }

    public TopicSetupException(String message, Throwable cause) {
        super(message, cause);
    }
}
