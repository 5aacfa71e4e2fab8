package io.tokenpress.serdes.internals;

import io.tokenpress.codec.ChunkDecoder;
import io.tokenpress.codec.ChunkEncoder;
import io.tokenpress.codec.UniversalDecoder;
import io.tokenpress.serdes.TokenpressSerdeConfig;
import org.apache.kafka.common.config.ConfigException;

/** The bridge to the neural codec: model lookup in the model store, neural encoder and decoder. */
final class NeuralSupport {
    private NeuralSupport() {}

    static ChunkEncoder encoder(String model, String storeDir) {
        throw new ConfigException(TokenpressSerdeConfig.CODEC_CONFIG, TokenpressSerdeConfig.CODEC_NEURAL,
                "the neural codec is not available in this build of tokenpress (no io.tokenpress.codec.neural); "
                        + "use codec=zstd");
    }

    /** A decoder of raw and zstd blocks; neural blocks raise a ModelNotFoundException naming their model. */
    static ChunkDecoder decoder(String storeDir) {
        return new UniversalDecoder(null);
    }
}
