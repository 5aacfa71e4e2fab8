package io.tokenpress.serdes.internals;

import io.tokenpress.codec.ChunkDecoder;
import io.tokenpress.codec.ChunkEncoder;
import io.tokenpress.codec.CodedBlock;
import io.tokenpress.codec.ModelNotFoundException;
import io.tokenpress.codec.model.ModelArtifact;
import io.tokenpress.codec.neural.NeuralCodecs;
import io.tokenpress.codec.neural.NeuralOptions;
import io.tokenpress.codec.store.ModelStores;
import io.tokenpress.serdes.TokenpressSerdeConfig;
import org.apache.kafka.common.config.ConfigException;

/** The bridge to the neural codec: model lookup in the model stores, neural encoder and decoder. */
final class NeuralSupport {
    private NeuralSupport() {}

    /**
     * @throws ConfigException if no model is named or no store holds one of that name, id or path
     */
    static ChunkEncoder encoder(TokenpressSerdeConfig config) {
        String model = config.getString(TokenpressSerdeConfig.MODEL_CONFIG);
        if (model.isEmpty()) {
            throw new ConfigException(TokenpressSerdeConfig.MODEL_CONFIG, model,
                    "codec=neural needs a model: a name, hex id or .tpm path the model store can resolve");
        }
        ModelArtifact artifact;
        try (ModelSources sources = ModelSources.fromConfig(config)) {
            artifact = ModelStores.resolve(model, sources.source());
        } catch (ModelNotFoundException e) {
            throw new ConfigException(TokenpressSerdeConfig.MODEL_CONFIG, model, e.getMessage());
        }
        return NeuralCodecs.encoder(artifact,
                NeuralOptions.defaults().withZstdLevel(config.getInt(TokenpressSerdeConfig.ZSTD_LEVEL_CONFIG)));
    }

    /** A decoder of every codec; neural blocks find the model they name in {@link ModelSources}. */
    static ChunkDecoder decoder(TokenpressSerdeConfig config) {
        ModelSources sources = ModelSources.fromConfig(config);
        ChunkDecoder decoder = NeuralCodecs.universalDecoder(sources.source());
        return new ChunkDecoder() {
            @Override
            public byte[] decode(CodedBlock block) {
                return decoder.decode(block);
            }

            @Override
            public void close() {
                try {
                    decoder.close();
                } finally {
                    sources.close();
                }
            }
        };
    }
}
