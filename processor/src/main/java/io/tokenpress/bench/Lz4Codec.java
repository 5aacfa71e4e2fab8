package io.tokenpress.bench;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import net.jpountz.lz4.LZ4FrameInputStream;
import net.jpountz.lz4.LZ4FrameOutputStream;

/**
 * lz4 (lz4-java, fast compressor, the {@code lz4} tool's default level 1) in the LZ4 frame format with
 * 64 KiB independent blocks and lz4-java's default flags (no content checksum): a 7-byte header, a
 * 4-byte size per block and a 4-byte end mark around the compressed blocks. Thread-safe: every call has
 * its own streams.
 */
public final class Lz4Codec implements BenchCodec {

    @Override
    public String name() {
        return "lz4";
    }

    @Override
    public byte[] compress(byte[] chunk) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(chunk.length / 2 + 32);
        try (LZ4FrameOutputStream lz4 = new LZ4FrameOutputStream(out, LZ4FrameOutputStream.BLOCKSIZE.SIZE_64KB)) {
            lz4.write(chunk);
        } catch (IOException e) {
            throw new BenchCodecException("lz4: compression failed: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    @Override
    public byte[] decompress(byte[] compressed) {
        try (LZ4FrameInputStream in = new LZ4FrameInputStream(new ByteArrayInputStream(compressed))) {
            return in.readAllBytes();
        } catch (IOException | RuntimeException e) {
            throw new BenchCodecException("lz4: corrupt frame: " + e.getMessage(), e);
        }
    }
}
