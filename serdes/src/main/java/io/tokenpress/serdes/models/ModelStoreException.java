package io.tokenpress.serdes.models;

import io.tokenpress.codec.TokenpressException;

/** A model store could not be read or written (topic missing and not creatable, timeout, broker error). */
public class ModelStoreException extends TokenpressException {
    private static final long serialVersionUID = 1L;

    public ModelStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
