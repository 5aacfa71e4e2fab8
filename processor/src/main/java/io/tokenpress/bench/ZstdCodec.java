package io.tokenpress.bench;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdDictCompress;
import com.github.luben.zstd.ZstdDictDecompress;
import com.github.luben.zstd.ZstdException;

/**
 * zstd (zstd-jni) at a fixed level, optionally with a dictionary. Each chunk is one zstd frame as the
 * library writes it by default: content size in the header, no content checksum (as the tokenpress
 * zstd fallback and Kafka's zstd batches), and the dictionary id when a dictionary is used. The
 * dictionary itself is not counted: like a model, it is shared once, not stored per chunk.
 *
 * <p>Keeps one compression and one decompression context between calls: not thread-safe.
 */
public final class ZstdCodec implements BenchCodec {
    private final int level;
    private final String name;
    private final ZstdCompressCtx compressCtx;
    private final ZstdDecompressCtx decompressCtx;
    private final ZstdDictCompress dictCompress;
    private final ZstdDictDecompress dictDecompress;

    /** zstd at {@code level} (1..22) without a dictionary. */
    public ZstdCodec(int level) {
        this(level, null);
    }

    /**
     * zstd at {@code level} (1..22) with {@code dictionary} (e.g. from {@link ZstdDictionaries#train}),
     * or without one when it is null.
     */
    public ZstdCodec(int level, byte[] dictionary) {
        if (level < 1 || level > Zstd.maxCompressionLevel()) {
            throw new IllegalArgumentException("zstd level must be in 1.." + Zstd.maxCompressionLevel() + ", got " + level);
        }
        this.level = level;
        this.name = "zstd-" + level + (dictionary == null ? "" : "+dict");
        this.compressCtx = new ZstdCompressCtx().setLevel(level);
        this.decompressCtx = new ZstdDecompressCtx();
        if (dictionary != null) {
            dictCompress = new ZstdDictCompress(dictionary, level);
            dictDecompress = new ZstdDictDecompress(dictionary);
            compressCtx.loadDict(dictCompress);
            decompressCtx.loadDict(dictDecompress);
        } else {
            dictCompress = null;
            dictDecompress = null;
        }
    }

    @Override
    public String name() {
        return name;
    }

    /** The compression level. */
    public int level() {
        return level;
    }

    @Override
    public byte[] compress(byte[] chunk) {
        try {
            return compressCtx.compress(chunk);
        } catch (ZstdException e) {
            throw new BenchCodecException(name + ": compression failed: " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] decompress(byte[] compressed) {
        try {
            long size = Zstd.getFrameContentSize(compressed);
            if (size < 0 || size > Integer.MAX_VALUE - 8) {
                throw new BenchCodecException(name + ": corrupt frame: content size " + size);
            }
            byte[] out = new byte[(int) size];
            int n = decompressCtx.decompressByteArray(out, 0, out.length, compressed, 0, compressed.length);
            if (n != out.length) {
                throw new BenchCodecException(name + ": corrupt frame: decoded " + n + " of " + size + " bytes");
            }
            return out;
        } catch (ZstdException e) {
            throw new BenchCodecException(name + ": corrupt frame: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        compressCtx.close();
        decompressCtx.close();
        if (dictCompress != null) {
            dictCompress.close();
            dictDecompress.close();
        }
    }
}
