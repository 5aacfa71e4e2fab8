package io.tokenpress.serdes.internals;

import io.tokenpress.codec.container.EnvelopeFormat;
import io.tokenpress.serdes.TokenpressSerdeConfig;

/** Builds the envelope wire format a serde configuration asks for. */
public final class WireFormats {
    private WireFormats() {}

    /** Confluent wire format with {@code schema.registry.url}, single-object encoding without. */
    public static EnvelopeWireFormat fromConfig(TokenpressSerdeConfig config) {
        return new EnvelopeWireFormat(
                new EnvelopeFormat(config.getInt(TokenpressSerdeConfig.MAX_CHUNK_BYTES_CONFIG)),
                SchemaRegistries.fromConfig(config),
                config.getBoolean(TokenpressSerdeConfig.AUTO_REGISTER_SCHEMAS_CONFIG));
    }
}
