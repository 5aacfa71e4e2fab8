package io.tokenpress.codec.baseline;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdException;
import io.tokenpress.codec.ChunkEncoder;
import io.tokenpress.codec.CodedBlock;
import io.tokenpress.codec.CorruptChunkException;
import io.tokenpress.schema.CodecKind;

/** zstd at a fixed level; a chunk zstd would enlarge is stored raw instead. */
public final class ZstdChunkEncoder implements ChunkEncoder {
    private final int level;

    public ZstdChunkEncoder(int level) {
        if (level < 1 || level > 22) {
            throw new IllegalArgumentException("zstd level must be in 1..22, got " + level);
        }
        this.level = level;
    }

    @Override
    public CodedBlock encode(byte[] data) {
        byte[] z = Zstd.compress(data, level);
        if (z.length >= data.length) {
            return CodedBlock.plain(CodecKind.RAW, data, data);
        }
        return CodedBlock.plain(CodecKind.ZSTD, z, data);
    }

    /** Compresses with zstd at {@code level}, no fallback. */
    public static byte[] compress(byte[] data, int level) {
        return Zstd.compress(data, level);
    }

    /**
     * Decompresses a zstd frame that must hold exactly {@code expectedLength} bytes.
     *
     * @throws CorruptChunkException if the frame is corrupt or of another length
     */
    public static byte[] decompress(byte[] frame, int expectedLength) {
        try {
            long declared = Zstd.getFrameContentSize(frame);
            CorruptChunkException.verify(
                    declared == expectedLength,
                    "zstd frame declares %d bytes, the envelope %d",
                    declared,
                    expectedLength);
            byte[] out = new byte[expectedLength];
            long n = Zstd.decompressByteArray(out, 0, out.length, frame, 0, frame.length);
            CorruptChunkException.verify(n == expectedLength, "zstd frame decoded to %d bytes, expected %d", n, expectedLength);
            return out;
        } catch (ZstdException | ArrayIndexOutOfBoundsException e) {
            throw new CorruptChunkException("corrupt zstd frame: " + e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return "zstd-" + level;
    }
}
