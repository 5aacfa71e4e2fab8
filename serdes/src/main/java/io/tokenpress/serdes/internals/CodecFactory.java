package io.tokenpress.serdes.internals;

import io.tokenpress.codec.ChunkDecoder;
import io.tokenpress.codec.ChunkEncoder;
import io.tokenpress.codec.Codecs;
import io.tokenpress.serdes.TokenpressSerdeConfig;
import org.apache.kafka.common.config.ConfigException;

/** Builds the encoder and decoder a serde configuration asks for. */
public final class CodecFactory {
    private CodecFactory() {}

    /**
     * The encoder of {@code codec}: zstd at {@code zstd.level}, or the neural codec with {@code model} (which
     * also tries zstd at {@code zstd.level} and raw for every value and keeps the smallest).
     *
     * @throws ConfigException if the codec cannot be set up (no model named, model not in the store)
     */
    public static ChunkEncoder encoder(TokenpressSerdeConfig config) {
        String codec = config.getString(TokenpressSerdeConfig.CODEC_CONFIG);
        if (TokenpressSerdeConfig.CODEC_NEURAL.equals(codec)) {
            return NeuralSupport.encoder(config);
        }
        return Codecs.zstd(config.getInt(TokenpressSerdeConfig.ZSTD_LEVEL_CONFIG));
    }

    /**
     * A decoder for every codec; neural blocks are decoded with the model they name, from {@code model.store.dir}
     * (or the default local model directory), {@code model.store.topic} and the bundled models.
     */
    public static ChunkDecoder decoder(TokenpressSerdeConfig config) {
        return NeuralSupport.decoder(config);
    }
}
