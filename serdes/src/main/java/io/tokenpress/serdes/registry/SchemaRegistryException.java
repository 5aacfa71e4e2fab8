package io.tokenpress.serdes.registry;

import io.tokenpress.codec.TokenpressException;

/**
 * A schema-registry request failed: the registry answered with an error, or could not be reached. The
 * message names the registry, the request and the cause; {@link #httpStatus()} and {@link #errorCode()}
 * carry the registry's answer where there was one.
 */
public class SchemaRegistryException extends TokenpressException {
    private static final long serialVersionUID = 1L;

    /** Confluent error code: subject not found. */
    public static final int SUBJECT_NOT_FOUND = 40401;
    /** Confluent error code: version not found. */
    public static final int VERSION_NOT_FOUND = 40402;
    /** Confluent error code: schema not found. */
    public static final int SCHEMA_NOT_FOUND = 40403;

    private final int httpStatus;
    private final int errorCode;

    public SchemaRegistryException(String message, int httpStatus, int errorCode) {
        super(message);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    public SchemaRegistryException(String message, Throwable cause) {
        super(message, cause);
        this.httpStatus = -1;
        this.errorCode = -1;
    }

    /** HTTP status of the registry's answer; -1 if there was none (network error). */
    public int httpStatus() {
        return httpStatus;
    }

    /** The registry's {@code error_code}, e.g. {@link #SCHEMA_NOT_FOUND}; -1 if it gave none. */
    public int errorCode() {
        return errorCode;
    }

    /** True for "not found" answers (HTTP 404). */
    public boolean isNotFound() {
        return httpStatus == 404;
    }
}
