package io.tokenpress.processor.codec;

import io.tokenpress.codec.ChunkDecoder;
import io.tokenpress.processor.config.TokenpressConfig;
import io.tokenpress.processor.models.ModelRollout;

/**
 * The one place replay builds its {@link ChunkDecoder}: it decodes raw and zstd chunks and, once the
 * neural codec and a model store are configured, neural ones.
 */
public final class DecoderSelection {
    private DecoderSelection() {}

    public static ChunkDecoder create(TokenpressConfig config) {
        // neural chunks: models from models.dir, the bundled ones and models.topic
        return ModelRollout.decoder(config);
    }
}
