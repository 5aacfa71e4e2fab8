package io.tokenpress.processor.feedback;

import io.tokenpress.codec.ChunkDecoder;
import io.tokenpress.codec.TokenpressException;
import io.tokenpress.processor.chunk.ChunkReader;
import io.tokenpress.serdes.ChunkRecord;
import java.util.List;
import java.util.Optional;

/**
 * The processor-side full decode of a written chunk: decodes the envelope exactly as replay would and
 * compares every record (key, value, timestamp, headers) with what went in.
 */
public final class ChunkVerifier {
    private final ChunkReader reader;

    /** @param decoder decodes every codec, neural included (it must find the models the encoder uses) */
    public ChunkVerifier(ChunkDecoder decoder, int maxChunkBytes) {
        this.reader = new ChunkReader(decoder, maxChunkBytes);
    }

    /** @return empty when the envelope decodes to exactly {@code records}, else what differs */
    public Optional<String> check(byte[] envelope, List<ChunkRecord> records) {
        List<ChunkRecord> back;
        try {
            back = reader.read(envelope).records();
        } catch (TokenpressException | IllegalArgumentException | org.apache.avro.AvroRuntimeException e) {
            return Optional.of("decoding failed: " + e.getMessage());
        }
        if (back.size() != records.size()) {
            return Optional.of("decoded " + back.size() + " records, wrote " + records.size());
        }
        for (int i = 0; i < records.size(); i++) {
            if (!records.get(i).sameContent(back.get(i))) {
                return Optional.of("record " + i + " (offset " + records.get(i).sourceOffset() + ") decodes differently");
            }
        }
        return Optional.empty();
    }
}
