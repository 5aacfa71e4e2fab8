package io.tokenpress.bench;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.decoder.Decoder;
import com.aayushatharva.brotli4j.decoder.DecoderJNI;
import com.aayushatharva.brotli4j.decoder.DirectDecompress;
import com.aayushatharva.brotli4j.encoder.Encoder;
import java.io.IOException;
import java.util.Optional;

/**
 * Brotli at quality 11 (brotli4j, native), as a raw brotli stream with the default 4 MiB window. The
 * native library ships in a jar and loads without network access; where it cannot load on this
 * platform, {@link #unavailableReason()} says why and the benchmark skips brotli. Thread-safe: every
 * call has its own native encoder or decoder; the parameters are only read.
 */
public final class BrotliCodec implements BenchCodec {
    private static final int QUALITY = 11;
    private final Encoder.Parameters parameters = new Encoder.Parameters().setQuality(QUALITY);

    /**
     * @throws BenchCodecException if the native library cannot load (check {@link #unavailableReason()})
     */
    public BrotliCodec() {
        unavailableReason().ifPresent(reason -> {
            throw new BenchCodecException("brotli-11: " + reason);
        });
    }

    /** Why brotli cannot run here, or empty when its native library loaded. */
    public static Optional<String> unavailableReason() {
        try {
            if (Brotli4jLoader.isAvailable()) {
                return Optional.empty();
            }
            Throwable cause = Brotli4jLoader.getUnavailabilityCause();
            return Optional.of("native brotli library not available: " + (cause == null ? "unknown reason" : cause));
        } catch (LinkageError e) {
            return Optional.of("native brotli library not available: " + e);
        }
    }

    @Override
    public String name() {
        return "brotli-11";
    }

    @Override
    public byte[] compress(byte[] chunk) {
        try {
            return Encoder.compress(chunk, parameters);
        } catch (IOException e) {
            throw new BenchCodecException("brotli-11: compression failed: " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] decompress(byte[] compressed) {
        DirectDecompress result;
        try {
            result = Decoder.decompress(compressed);
        } catch (IOException e) {
            throw new BenchCodecException("brotli-11: corrupt stream: " + e.getMessage(), e);
        }
        if (result.getResultStatus() != DecoderJNI.Status.DONE) {
            throw new BenchCodecException("brotli-11: corrupt stream: decoder status " + result.getResultStatus());
        }
        return result.getDecompressedData();
    }
}
