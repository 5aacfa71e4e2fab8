package io.tokenpress.processor.codec;

import io.tokenpress.codec.ChunkEncoder;
import io.tokenpress.codec.Codecs;
import io.tokenpress.processor.config.TokenpressConfig;
import io.tokenpress.processor.models.ModelRollout;
import org.apache.kafka.common.config.ConfigException;

/**
 * The one place the processor turns configuration ({@code codec}, {@code zstd.level}, {@code model})
 * into a {@link ChunkEncoder}.
 */
public final class EncoderSelection {
    private EncoderSelection() {}

    /**
     * @throws ConfigException if the configured codec is not available in this build
     */
    public static ChunkEncoder create(TokenpressConfig config) {
        String codec = config.getString(TokenpressConfig.CODEC_CONFIG);
        switch (codec) {
            case "zstd":
                return Codecs.zstd(config.getInt(TokenpressConfig.ZSTD_LEVEL_CONFIG));
            case "raw":
                return Codecs.raw();
            case "neural":
                // follows the active-model pointer: a promoted model is used from the next chunk on
                return ModelRollout.encoder(config);
            default:
                throw new ConfigException(TokenpressConfig.CODEC_CONFIG, codec, "unknown codec");
        }
    }
}
