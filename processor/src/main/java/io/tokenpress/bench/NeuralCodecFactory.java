package io.tokenpress.bench;

import io.tokenpress.codec.ChunkDecoder;
import io.tokenpress.codec.ChunkEncoder;
import io.tokenpress.codec.TokenpressException;
import io.tokenpress.codec.UniversalDecoder;
import io.tokenpress.codec.model.ModelArtifact;
import io.tokenpress.codec.neural.NeuralCodecs;
import io.tokenpress.codec.neural.NeuralOptions;
import io.tokenpress.codec.store.ClasspathModelStore;
import io.tokenpress.codec.store.ModelSource;
import io.tokenpress.codec.store.ModelStores;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;

/**
 * Opens the neural codec for the benchmark as a {@link TokenpressCodec} (measured by its whole
 * envelope): the encoder picks neural, zstd or raw per chunk as in production, and the decoder reads
 * the envelope back through the universal decoder. The only class of the benchmark that knows how the
 * neural codec is built.
 */
public final class NeuralCodecFactory {
    /** Names a bundled model must have to be the default, in order of preference. */
    static final List<String> DEFAULT_NAMES = List.of("general", "default");

    private final ModelSource models;
    private final NeuralOptions options;

    /**
     * @param models where names and ids are looked up (paths to {@code .tpm} files always work)
     * @param options the encoder's settings (engine, threads, latent proposals); the decoder uses the
     *     same engine and threads
     */
    public NeuralCodecFactory(ModelSource models, NeuralOptions options) {
        this.models = Objects.requireNonNull(models, "models");
        this.options = Objects.requireNonNull(options, "options");
    }

    /** Models from the local model directory, then the bundled ones (as the product looks them up). */
    public static NeuralCodecFactory withDefaultStores(NeuralOptions options) {
        return new NeuralCodecFactory(ModelStores.defaults(), options);
    }

    /**
     * The models {@code bench} measures when none is named: the bundled model called {@code general} (or
     * {@code default}); where there is none, every bundled model; empty when the build bundles none.
     */
    public static List<String> defaultModels() {
        List<ModelArtifact> bundled = new ClasspathModelStore().list();
        for (String name : DEFAULT_NAMES) {
            if (bundled.stream().anyMatch(m -> m.name().equals(name))) {
                return List.of(name);
            }
        }
        return bundled.stream().map(ModelArtifact::name).distinct().toList();
    }

    /**
     * Opens the neural codec with the model {@code ref}: a path to a {@code .tpm} file, a hex id, or a
     * model name (the newest of that name).
     *
     * @throws BenchCodecException if the model cannot be found or loaded, or the engine is unavailable
     */
    public BenchCodec open(String ref) {
        ModelArtifact model;
        try {
            model = ModelStores.resolve(ref, models);
        } catch (TokenpressException | UncheckedIOException e) {
            throw new BenchCodecException("model " + ref + ": " + e.getMessage(), e);
        }
        ChunkEncoder encoder;
        try {
            encoder = NeuralCodecs.encoder(model, options);
        } catch (IllegalArgumentException | TokenpressException e) {
            throw new BenchCodecException("model " + ref + ", engine " + options.engine() + ": " + e.getMessage(), e);
        }
        // the decoder must find the model even when it came from a path outside every store
        ChunkDecoder decoder = new UniversalDecoder(NeuralCodecs.decoder(
                ModelStores.chain(only(model), models), options.engine(), options.threads()));
        return new TokenpressCodec(codecName(model), encoder, decoder);
    }

    /** {@code tokenpress:<name>@<first 8 hex digits of the id>}. */
    static String codecName(ModelArtifact model) {
        return "tokenpress:" + model.name() + "@" + model.id().substring(0, 8);
    }

    private static ModelSource only(ModelArtifact model) {
        return ModelStores.of("model " + model.name() + " given to bench", model);
    }
}
