package io.tokenpress.processor.models;

import io.tokenpress.codec.ChunkDecoder;
import io.tokenpress.codec.ChunkEncoder;
import io.tokenpress.codec.CodedBlock;
import io.tokenpress.codec.ModelIds;
import io.tokenpress.codec.ModelNotFoundException;
import io.tokenpress.codec.model.ModelArtifact;
import io.tokenpress.codec.neural.NeuralCodecs;
import io.tokenpress.codec.neural.NeuralOptions;
import io.tokenpress.codec.store.ModelStores;
import io.tokenpress.processor.config.TokenpressConfig;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigException;

/**
 * The neural codec as a processor and replay use it: an encoder that follows the active-model pointer
 * ({@link HotSwapEncoder}) and a decoder that finds every model a chunk names in all configured stores.
 */
public final class ModelRollout {
    private ModelRollout() {}

    /**
     * A hot-swapping neural encoder: starts with the active model (or, while none was promoted, the
     * configured {@code model}) and switches whenever a new one is promoted.
     *
     * @throws ConfigException if neither an active model nor {@code model} is available
     */
    public static ChunkEncoder encoder(TokenpressConfig config) {
        return encoder(config, neuralOptions(config));
    }

    /** The neural encoder's options from the {@code neural.*} settings. */
    public static NeuralOptions neuralOptions(TokenpressConfig config) {
        return NeuralOptions.defaults()
                .withEngine(config.getString(TokenpressConfig.NEURAL_ENGINE_CONFIG))
                .withThreads(config.getInt(TokenpressConfig.NEURAL_THREADS_CONFIG))
                .withSamples(config.getInt(TokenpressConfig.NEURAL_LATENT_SAMPLES_CONFIG))
                .withMaxProposalBytes(config.getInt(TokenpressConfig.NEURAL_LATENT_MAX_BYTES_CONFIG));
    }

    /** As {@link #encoder(TokenpressConfig)}, with the neural encoder's options. */
    public static ChunkEncoder encoder(TokenpressConfig config, NeuralOptions options) {
        ModelCatalog catalog = ModelCatalog.open(config);
        try {
            ModelArtifact initial = initialModel(config, catalog);
            return new HotSwapEncoder(catalog.source(), catalog.pointer(), initial, m -> NeuralCodecs.encoder(m, options), catalog);
        } catch (RuntimeException e) {
            catalog.close();
            throw e;
        }
    }

    static ModelArtifact initialModel(TokenpressConfig config, ModelCatalog catalog) {
        Optional<String> active = catalog.pointer().activeId();
        if (active.isPresent()) {
            return ModelStores.require(catalog.source(), ModelIds.fromHex(active.get()));
        }
        String ref = config.getString(TokenpressConfig.MODEL_CONFIG);
        if (ref.isBlank()) {
            throw new ConfigException(TokenpressConfig.MODEL_CONFIG, ref, "codec=neural needs a model: set 'model' (name, id or"
                    + " .tpm path) or promote one with 'tokenpress models promote ID' (" + catalog.pointer().describe() + ")");
        }
        try {
            return ModelStores.resolve(ref, catalog.source());
        } catch (ModelNotFoundException e) {
            throw new ConfigException(TokenpressConfig.MODEL_CONFIG, ref, e.getMessage());
        }
    }

    /**
     * A decoder of every codec that looks neural chunks' models up in the local directory, the bundled
     * models and the model topic; a chunk naming a model none of them holds fails with a
     * {@link ModelNotFoundException} naming the model id and every store tried.
     */
    public static ChunkDecoder decoder(TokenpressConfig config) {
        ModelCatalog catalog = ModelCatalog.open(config);
        ChunkDecoder inner = NeuralCodecs.universalDecoder(catalog.source());
        return new ChunkDecoder() {
            @Override
            public byte[] decode(CodedBlock block) {
                return inner.decode(block);
            }

            @Override
            public void close() {
                inner.close();
                catalog.close();
            }
        };
    }
}
