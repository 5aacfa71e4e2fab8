package io.tokenpress.codec.neural;

import io.tokenpress.codec.model.ModelArtifact;

/**
 * A pluggable inference engine, found with {@link java.util.ServiceLoader} (list the class in
 * {@code META-INF/services/io.tokenpress.codec.neural.BackendProvider}). The DJL backend registers
 * itself this way; {@code java} is built in.
 */
public interface BackendProvider {
    /** The engine name users select, e.g. {@code djl}. */
    String name();

    /** A backend running {@code model}. */
    DecompressorBackend create(ModelArtifact model, int threads);
}
