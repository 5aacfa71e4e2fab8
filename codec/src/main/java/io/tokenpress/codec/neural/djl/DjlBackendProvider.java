package io.tokenpress.codec.neural.djl;

import io.tokenpress.codec.model.ModelArtifact;
import io.tokenpress.codec.neural.BackendProvider;
import io.tokenpress.codec.neural.DecompressorBackend;

/**
 * Registers the {@code djl} inference engine ({@link DjlDecompressorBackend}) with
 * {@link io.tokenpress.codec.neural.Backends} through {@link java.util.ServiceLoader}.
 */
public final class DjlBackendProvider implements BackendProvider {

    /** The engine name: {@code djl}. */
    public static final String NAME = "djl";

    @Override
    public String name() {
        return NAME;
    }

    /**
     * @throws IllegalStateException if the PyTorch engine cannot be loaded
     */
    @Override
    public DecompressorBackend create(ModelArtifact model, int threads) {
        return new DjlDecompressorBackend(model, threads);
    }
}
