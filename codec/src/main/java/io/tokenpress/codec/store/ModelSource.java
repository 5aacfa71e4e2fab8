package io.tokenpress.codec.store;

import io.tokenpress.codec.model.ModelArtifact;
import java.util.List;
import java.util.Optional;

/**
 * Where decoders find model artifacts by id: a local directory, the models bundled on the classpath, a
 * compacted Kafka topic, or a chain of them ({@link ModelStores}). Implementations verify that the bytes
 * they return hash to the requested id, and are thread-safe.
 */
public interface ModelSource {

    /**
     * The artifact whose SHA-256 starts with {@code idPrefix} (an envelope carries 8 bytes).
     *
     * @return empty if this source holds no such model
     * @throws io.tokenpress.codec.ModelNotFoundException if the source holds a file for that id whose bytes
     *     are corrupt or do not hash to it
     */
    Optional<ModelArtifact> find(byte[] idPrefix);

    /** The artifacts this source can list (for lookup by name); may be empty for sources that cannot list. */
    default List<ModelArtifact> list() {
        return List.of();
    }

    /** What this source is, for error messages: e.g. {@code directory /var/lib/tokenpress/models}. */
    String describe();
}
