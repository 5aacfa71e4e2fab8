package io.tokenpress.bench;

import io.tokenpress.codec.ChunkDecoder;
import io.tokenpress.codec.ChunkEncoder;
import io.tokenpress.codec.CodedBlock;
import io.tokenpress.codec.TokenpressException;
import io.tokenpress.codec.container.EnvelopeFormat;
import io.tokenpress.schema.CodecKind;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A tokenpress {@link ChunkEncoder} (the neural codec, or any other) measured as what it stores: the
 * whole serialized envelope of each chunk (Avro single-object header, codec, model id, latent tokens,
 * payload, original length, CRC32C; no record metadata), decoded back through the envelope parser and
 * a {@link ChunkDecoder}, which verifies length and CRC32C.
 *
 * <p>Counts which codec the encoder chose for each chunk (neural with or without a latent, zstd or
 * raw); {@link #takeDetail()} reports and resets the counts. Thread-safe: the encoder and decoder are,
 * the envelope format keeps its Avro state per thread, and the counts are updated under a lock.
 */
public final class TokenpressCodec implements BenchCodec {
    private final String name;
    private final ChunkEncoder encoder;
    private final ChunkDecoder decoder;
    private final EnvelopeFormat format = new EnvelopeFormat(Integer.MAX_VALUE);
    private final Map<String, Integer> chosen = new TreeMap<>();

    /**
     * @param name the name in tables, e.g. {@code tokenpress:text}
     * @param encoder writes the blocks; closed by {@link #close()}
     * @param decoder reads them back; closed by {@link #close()}
     */
    public TokenpressCodec(String name, ChunkEncoder encoder, ChunkDecoder decoder) {
        this.name = Objects.requireNonNull(name, "name");
        this.encoder = Objects.requireNonNull(encoder, "encoder");
        this.decoder = Objects.requireNonNull(decoder, "decoder");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public byte[] compress(byte[] chunk) {
        try {
            CodedBlock block = encoder.encode(chunk);
            String kind = block.codec() == CodecKind.NEURAL && block.latentLength() > 0
                    ? CodecKind.NEURAL + "+latent" : block.codec().name();
            synchronized (chosen) {
                chosen.merge(kind, 1, Integer::sum);
            }
            return format.encode(EnvelopeFormat.toEnvelope(block, List.of()));
        } catch (TokenpressException e) {
            throw new BenchCodecException(name + ": encoding failed: " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] decompress(byte[] compressed) {
        try {
            return decoder.decode(format.toBlock(format.decode(compressed)));
        } catch (TokenpressException e) {
            throw new BenchCodecException(name + ": decoding failed: " + e.getMessage(), e);
        }
    }

    /**
     * Which codec the encoder chose since the last call, e.g. {@code NEURAL 10, NEURAL+latent 2, ZSTD 4}
     * ({@code NEURAL}: the empty latent; {@code NEURAL+latent}: a latent the compressor proposed).
     */
    @Override
    public String takeDetail() {
        synchronized (chosen) {
            String detail = chosen.entrySet().stream()
                    .map(e -> e.getKey() + " " + e.getValue())
                    .collect(Collectors.joining(", "));
            chosen.clear();
            return detail;
        }
    }

    @Override
    public void close() {
        try {
            encoder.close();
        } finally {
            decoder.close();
        }
    }
}
