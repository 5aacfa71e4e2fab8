package io.tokenpress.serdes.internals;

import io.tokenpress.codec.ChunkDecoder;
import io.tokenpress.codec.ChunkEncoder;
import io.tokenpress.codec.ModelNotFoundException;
import io.tokenpress.codec.model.ModelArtifact;
import io.tokenpress.codec.neural.NeuralCodecs;
import io.tokenpress.codec.neural.NeuralOptions;
import io.tokenpress.codec.store.ClasspathModelStore;
import io.tokenpress.codec.store.DirectoryModelStore;
import io.tokenpress.codec.store.ModelSource;
import io.tokenpress.codec.store.ModelStores;
import io.tokenpress.serdes.TokenpressSerdeConfig;
import java.nio.file.Path;
import org.apache.kafka.common.config.ConfigException;

/** The bridge to the neural codec: model lookup in the model store, neural encoder and decoder. */
final class NeuralSupport {
    private NeuralSupport() {}

    /** {@code model.store.dir} then the bundled models; the default local directory when it is empty. */
    static ModelSource modelSource(String storeDir) {
        if (storeDir.isEmpty()) {
            return ModelStores.defaults();
        }
        return ModelStores.chain(new DirectoryModelStore(Path.of(storeDir)), new ClasspathModelStore());
    }

    /**
     * @throws ConfigException if no model is named or the store holds none of that name, id or path
     */
    static ChunkEncoder encoder(String model, String storeDir, int zstdLevel) {
        if (model.isEmpty()) {
            throw new ConfigException(TokenpressSerdeConfig.MODEL_CONFIG, model,
                    "codec=neural needs a model: a name, hex id or .tpm path the model store can resolve");
        }
        ModelArtifact artifact;
        try {
            artifact = ModelStores.resolve(model, modelSource(storeDir));
        } catch (ModelNotFoundException e) {
            throw new ConfigException(TokenpressSerdeConfig.MODEL_CONFIG, model, e.getMessage());
        }
        return NeuralCodecs.encoder(artifact, NeuralOptions.defaults().withZstdLevel(zstdLevel));
    }

    /** A decoder of every codec; neural blocks find their model in {@link #modelSource}. */
    static ChunkDecoder decoder(String storeDir) {
        return NeuralCodecs.universalDecoder(modelSource(storeDir));
    }
}
