package io.tokenpress.bench;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.tukaani.xz.ArrayCache;
import org.tukaani.xz.BasicArrayCache;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZ;
import org.tukaani.xz.XZInputStream;
import org.tukaani.xz.XZOutputStream;

/**
 * {@code xz -9}: the .xz format (stream header, one LZMA2 block, index, CRC64 check, as the {@code xz}
 * tool writes) with preset 9 of {@code org.tukaani:xz}.
 *
 * <p>One deviation, which does not change what is compressed: preset 9 asks for a 64 MiB dictionary,
 * which the pure-Java encoder allocates (about 700 MiB of match-finder tables) for every stream. A
 * chunk never refers further back than its own length, so the dictionary is capped at the chunk's
 * length (at least 4 KiB); only the dictionary-size byte of the block header differs. Buffers are reused
 * between chunks through a {@link BasicArrayCache}, which is thread-safe (a buffer belongs to one
 * stream at a time), and so is this codec.
 */
public final class XzCodec implements BenchCodec {
    private static final int PRESET = 9;

    /** Reuses the encoder's and decoder's big arrays between chunks, as a long-lived compressor would. */
    private final ArrayCache arrays = new BasicArrayCache();

    @Override
    public String name() {
        return "xz-9";
    }

    @Override
    public byte[] compress(byte[] chunk) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(chunk.length / 2 + 128);
        try {
            LZMA2Options options = new LZMA2Options(PRESET);
            options.setDictSize(Math.max(LZMA2Options.DICT_SIZE_MIN, Math.min(options.getDictSize(), chunk.length)));
            try (XZOutputStream xz = new XZOutputStream(out, options, XZ.CHECK_CRC64, arrays)) {
                xz.write(chunk);
            }
        } catch (IOException e) {
            throw new BenchCodecException("xz-9: compression failed: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    @Override
    public byte[] decompress(byte[] compressed) {
        try (XZInputStream in = new XZInputStream(new ByteArrayInputStream(compressed), arrays)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new BenchCodecException("xz-9: corrupt frame: " + e.getMessage(), e);
        }
    }
}
