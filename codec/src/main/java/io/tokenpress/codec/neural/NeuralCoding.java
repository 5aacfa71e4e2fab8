package io.tokenpress.codec.neural;

import io.tokenpress.codec.CorruptChunkException;
import io.tokenpress.codec.arith.ArithmeticDecoder;
import io.tokenpress.codec.arith.ArithmeticEncoder;
import io.tokenpress.codec.model.ArchConfig;

/**
 * Arithmetic coding of a chunk's bytes under a backend's frequency tables, mixed with in-chunk matches
 * where the model's recipe says so ({@code mixing} non-null: codec/MODEL.md, "Match mixing" and
 * "Context mixing").
 */
final class NeuralCoding {
    private NeuralCoding() {}

    /** Codes {@code data} under the teacher-forced tables given {@code latent}. */
    static byte[] encode(DecompressorBackend backend, MatchMixing.Recipe mixing, int[] latent, byte[] data) {
        // a budget no payload reaches: the evaluation runs to the end
        return encode(backend, mixing, latent, data, Long.MAX_VALUE / 8);
    }

    /** Thrown by a sink to stop an evaluation whose code has grown past its budget. */
    private static final class OverBudget extends RuntimeException {
        OverBudget() {
            super("over budget", null, false, false);
        }
    }

    /**
     * As {@link #encode(DecompressorBackend, MatchMixing.Recipe, int[], byte[])}, but returns null (stopping the evaluation)
     * once the payload is certain to reach {@code budgetBytes} bytes or more.
     */
    static byte[] encode(DecompressorBackend backend, MatchMixing.Recipe mixing, int[] latent, byte[] data, long budgetBytes) {
        if (budgetBytes <= 0) {
            return null;
        }
        long budgetBits = budgetBytes * 8;
        ArithmeticEncoder enc = new ArithmeticEncoder(Math.max(16, data.length / 2));
        MatchMixer mixer = MatchMixing.mixer(mixing, data.length);
        try {
            backend.evaluate(latent, data, (t, cum) -> {
                int[] table = mixer == null ? cum : mixer.table(cum, data, t);
                int s = data[t] & 0xFF;
                enc.encode(table[s], table[s + 1], table[256]);
                if (mixer != null) {
                    mixer.update(data, t);
                }
                if (enc.bitsWritten() > budgetBits - 8) {
                    throw new OverBudget();
                }
            });
        } catch (OverBudget e) {
            return null;
        }
        byte[] payload = enc.finish();
        return payload.length >= budgetBytes ? null : payload;
    }

    /**
     * Decodes {@code length} bytes from {@code payload} with incremental evaluation.
     *
     * @throws CorruptChunkException if the payload is corrupt or truncated
     */
    static byte[] decode(DecompressorBackend backend, MatchMixing.Recipe mixing, int[] latent, byte[] payload, int length) {
        byte[] out = new byte[length];
        if (length == 0) {
            return out;
        }
        ArithmeticDecoder dec = new ArithmeticDecoder(payload);
        MatchMixer mixer = MatchMixing.mixer(mixing, length);
        try (DecompressorBackend.Session s = backend.open(latent)) {
            int tok = ArchConfig.BOS;
            for (int t = 0; t < length; t++) {
                int[] cum = s.next(tok);
                int sym = dec.read(mixer == null ? cum : mixer.table(cum, out, t));
                out[t] = (byte) sym;
                if (mixer != null) {
                    mixer.update(out, t);
                }
                tok = sym;
            }
        }
        return out;
    }

    /** Bytes of the Avro encoding of a latent token array (block count, zig-zag varints, end marker). */
    static int latentBytes(int[] latent) {
        if (latent.length == 0) {
            return 1;
        }
        int n = varLen(latent.length) + 1;
        for (int v : latent) {
            n += varLen(v);
        }
        return n;
    }

    /** Bytes of an Avro zig-zag varint. */
    static int varLen(long v) {
        long z = (v << 1) ^ (v >> 63);
        int n = 1;
        while ((z & ~0x7FL) != 0) {
            z >>>= 7;
            n++;
        }
        return n;
    }
}
