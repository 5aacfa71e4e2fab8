package io.tokenpress.codec.baseline;

import io.tokenpress.codec.ChunkEncoder;
import io.tokenpress.codec.CodedBlock;
import io.tokenpress.schema.CodecKind;

/** Stores a chunk as it is. */
public final class RawChunkEncoder implements ChunkEncoder {
    @Override
    public CodedBlock encode(byte[] data) {
        return CodedBlock.plain(CodecKind.RAW, data, data);
    }

    @Override
    public String name() {
        return "raw";
    }
}
