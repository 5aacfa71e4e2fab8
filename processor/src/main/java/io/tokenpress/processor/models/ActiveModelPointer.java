package io.tokenpress.processor.models;

import java.util.Optional;

/**
 * Where the id of the model that new chunks are written with is kept: a record in the compacted model
 * topic ({@link KafkaActivePointer}) or a file in the local model directory ({@link FileActivePointer}).
 * Running processors read it before every chunk (implementations may cache it for a short interval);
 * {@code tokenpress models promote} writes it.
 */
public interface ActiveModelPointer extends AutoCloseable {

    /** The hex id of the active model; empty while none was ever promoted. */
    Optional<String> activeId();

    /** Makes {@code modelId} the active model. */
    void promote(String modelId);

    /** What this pointer is, for logs and messages. */
    String describe();

    @Override
    default void close() {}
}
