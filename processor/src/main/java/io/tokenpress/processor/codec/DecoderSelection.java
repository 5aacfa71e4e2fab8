package io.tokenpress.processor.codec;

import io.tokenpress.codec.ChunkDecoder;
import io.tokenpress.codec.Codecs;
import io.tokenpress.processor.config.TokenpressConfig;

/**
 * The one place replay builds its {@link ChunkDecoder}: it decodes raw and zstd chunks and, once the
 * neural codec and a model store are configured, neural ones.
 */
public final class DecoderSelection {
    private DecoderSelection() {}

    public static ChunkDecoder create(TokenpressConfig config) {
        // plug the neural block decoder (model store from config) in here once the neural codec lands
        return Codecs.decoder();
    }
}
