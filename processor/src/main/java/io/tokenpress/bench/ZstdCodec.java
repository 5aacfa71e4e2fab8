package io.tokenpress.bench;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdDictCompress;
import com.github.luben.zstd.ZstdDictDecompress;
import com.github.luben.zstd.ZstdException;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * zstd (zstd-jni) at a fixed level, optionally with a dictionary. Each chunk is one zstd frame as the
 * library writes it by default: content size in the header, no content checksum (as the tokenpress
 * zstd fallback and Kafka's zstd batches), and the dictionary id when a dictionary is used. The
 * dictionary itself is not counted: like a model, it is shared once, not stored per chunk.
 *
 * <p>Keeps compression and decompression contexts between calls in a pool: a call borrows one pair and
 * gives it back, so the codec is thread-safe and holds as many pairs as calls ever ran at once (one on
 * a single thread). The digested dictionaries are read-only and shared by all contexts.
 */
public final class ZstdCodec implements BenchCodec {
    private final int level;
    private final String name;
    private final ZstdDictCompress dictCompress;
    private final ZstdDictDecompress dictDecompress;
    private final Queue<Contexts> idle = new ConcurrentLinkedQueue<>();
    private final Queue<Contexts> all = new ConcurrentLinkedQueue<>();

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
        if (dictionary != null) {
            dictCompress = new ZstdDictCompress(dictionary, level);
            dictDecompress = new ZstdDictDecompress(dictionary);
        } else {
            dictCompress = null;
            dictDecompress = null;
        }
        idle.add(newContexts());
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
        Contexts ctx = borrow();
        try {
            return ctx.compress().compress(chunk);
        } catch (ZstdException e) {
            throw new BenchCodecException(name + ": compression failed: " + e.getMessage(), e);
        } finally {
            idle.add(ctx);
        }
    }

    @Override
    public byte[] decompress(byte[] compressed) {
        Contexts ctx = borrow();
        try {
            long size = Zstd.getFrameContentSize(compressed);
            if (size < 0 || size > Integer.MAX_VALUE - 8) {
                throw new BenchCodecException(name + ": corrupt frame: content size " + size);
            }
            byte[] out = new byte[(int) size];
            int n = ctx.decompress().decompressByteArray(out, 0, out.length, compressed, 0, compressed.length);
            if (n != out.length) {
                throw new BenchCodecException(name + ": corrupt frame: decoded " + n + " of " + size + " bytes");
            }
            return out;
        } catch (ZstdException e) {
            throw new BenchCodecException(name + ": corrupt frame: " + e.getMessage(), e);
        } finally {
            idle.add(ctx);
        }
    }

    private Contexts borrow() {
        Contexts ctx = idle.poll();
        return ctx != null ? ctx : newContexts();
    }

    private Contexts newContexts() {
        ZstdCompressCtx compress = new ZstdCompressCtx().setLevel(level);
        ZstdDecompressCtx decompress = new ZstdDecompressCtx();
        if (dictCompress != null) {
            compress.loadDict(dictCompress);
            decompress.loadDict(dictDecompress);
        }
        Contexts ctx = new Contexts(compress, decompress);
        all.add(ctx);
        return ctx;
    }

    @Override
    public void close() {
        for (Contexts ctx : all) {
            ctx.compress().close();
            ctx.decompress().close();
        }
        if (dictCompress != null) {
            dictCompress.close();
            dictDecompress.close();
        }
    }

    /** One compression and one decompression context, used by one call at a time. */
    private record Contexts(ZstdCompressCtx compress, ZstdDecompressCtx decompress) {}
}
