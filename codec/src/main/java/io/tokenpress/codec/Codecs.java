package io.tokenpress.codec;

import io.tokenpress.codec.baseline.RawChunkEncoder;
import io.tokenpress.codec.baseline.ZstdChunkEncoder;

/** Factories for the encoders and the universal decoder; read as sentences: {@code Codecs.zstd(3)}. */
public final class Codecs {
    private Codecs() {}

    /** Stores the bytes as they are. */
    public static ChunkEncoder raw() {
        return new RawChunkEncoder();
    }

    /** zstd at {@code level} (1..22), falling back to raw where zstd would be larger. */
    public static ChunkEncoder zstd(int level) {
        return new ZstdChunkEncoder(level);
    }

    /** A decoder for raw and zstd blocks; neural blocks need {@link UniversalDecoder} with a model source. */
    public static ChunkDecoder decoder() {
        return new UniversalDecoder(null);
    }
}
