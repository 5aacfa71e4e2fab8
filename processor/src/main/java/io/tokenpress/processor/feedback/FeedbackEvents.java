package io.tokenpress.processor.feedback;

import io.tokenpress.codec.CorruptChunkException;
import io.tokenpress.schema.FeedbackEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/**
 * The wire form of feedback events: Avro single-object encoding (schema fingerprint in the header) of
 * {@code schemas/FeedbackEvent.avsc}; readers accept every format version written so far.
 */
public final class FeedbackEvents {
    /** Format version this build writes. */
    public static final int FORMAT_VERSION = 1;

    private FeedbackEvents() {}

    public static byte[] encode(FeedbackEvent event) {
        try {
            ByteBuffer b = event.toByteBuffer();
            byte[] out = new byte[b.remaining()];
            b.get(out);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode feedback event", e);
        }
    }

    /**
     * @throws CorruptChunkException if the bytes are not a feedback event of a known version
     */
    public static FeedbackEvent decode(byte[] bytes) {
        FeedbackEvent e;
        try {
            e = FeedbackEvent.fromByteBuffer(ByteBuffer.wrap(bytes));
        } catch (IOException | RuntimeException ex) {
            throw new CorruptChunkException("not a feedback event: " + ex.getMessage(), ex);
        }
        CorruptChunkException.verify(e.getFormatVersion() >= 1 && e.getFormatVersion() <= FORMAT_VERSION,
                "feedback event format version %d is not supported (this build reads 1..%d)", e.getFormatVersion(), FORMAT_VERSION);
        return e;
    }
}
