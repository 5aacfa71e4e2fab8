package io.tokenpress.bench;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * {@code gzip -9}: the gzip format of {@code java.util.zip} (10-byte header, 8-byte trailer) at level 9.
 * Thread-safe: every call has its own streams.
 */
public final class GzipCodec implements BenchCodec {

    @Override
    public String name() {
        return "gzip-9";
    }

    @Override
    public byte[] compress(byte[] chunk) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(chunk.length / 2 + 64);
        try (GZIPOutputStream gz = new Level9GzipOutputStream(out)) {
            gz.write(chunk);
        } catch (IOException e) {
            throw new BenchCodecException("gzip-9: compression failed: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    @Override
    public byte[] decompress(byte[] compressed) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new BenchCodecException("gzip-9: corrupt frame: " + e.getMessage(), e);
        }
    }

    /** {@link GZIPOutputStream} has no level parameter; its deflater is a protected field. */
    private static final class Level9GzipOutputStream extends GZIPOutputStream {
        Level9GzipOutputStream(ByteArrayOutputStream out) throws IOException {
            super(out);
            def.setLevel(Deflater.BEST_COMPRESSION);
        }
    }
}
