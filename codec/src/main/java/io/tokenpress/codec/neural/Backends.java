package io.tokenpress.codec.neural;

import io.tokenpress.codec.model.ModelArtifact;
import java.util.ServiceLoader;

/** Creates inference backends by engine name. */
public final class Backends {
    private Backends() {}

    /**
     * A backend of {@code engine} for {@code model}.
     *
     * @throws IllegalArgumentException if no such engine is available
     */
    public static DecompressorBackend create(String engine, ModelArtifact model, int threads) {
        if ("java".equals(engine)) {
            return new JavaDecompressorBackend(model, threads);
        }
        for (BackendProvider p : ServiceLoader.load(BackendProvider.class)) {
            if (p.name().equals(engine)) {
                return p.create(model, threads);
            }
        }
        throw new IllegalArgumentException("inference engine '" + engine + "' is not available"
                + ("djl".equals(engine) ? " yet (the DJL backend is not in this build); use --engine java" : "")
                + "; available: java");
    }
}
