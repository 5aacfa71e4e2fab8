package io.tokenpress.codec.neural;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenpress.codec.ChunkDecoder;
import io.tokenpress.codec.Codecs;
import io.tokenpress.codec.CodedBlock;
import io.tokenpress.codec.CorruptChunkException;
import io.tokenpress.codec.container.EnvelopeFormat;
import io.tokenpress.codec.model.ModelArtifact;
import io.tokenpress.codec.store.ModelStores;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every single-byte change and every truncation of a set of envelopes (zstd, raw, neural with and without
 * latent) decodes to the original or raises {@link CorruptChunkException}; nothing else escapes.
 */
class CorruptionTest {
    private static final ModelArtifact MODEL = GoldenFiles.loadModel();
    private static final EnvelopeFormat FORMAT = new EnvelopeFormat(1 << 16);

    static List<byte[][]> envelopes() {
        List<byte[][]> out = new ArrayList<>();
        try (JavaDecompressorBackend backend = new JavaDecompressorBackend(MODEL)) {
            byte[] text = "tokenpress!".getBytes(StandardCharsets.US_ASCII);
            out.add(pair(NeuralCodecTest.neural(backend, new int[0], text), text));
            byte[] text2 = "abcd".getBytes(StandardCharsets.US_ASCII);
            out.add(pair(NeuralCodecTest.neural(backend, new int[] {2, 7}, text2), text2));
        }
        byte[] z = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".getBytes(StandardCharsets.US_ASCII);
        out.add(pair(Codecs.zstd(3).encode(z), z));
        byte[] r = {9, 8, 7, 6};
        out.add(pair(Codecs.raw().encode(r), r));
        return out;
    }

    static byte[][] pair(CodedBlock b, byte[] original) {
        return new byte[][] {FORMAT.encode(EnvelopeFormat.toEnvelope(b, List.of())), original};
    }

    static void decodeOrCorrupt(ChunkDecoder dec, byte[] envelope, byte[] original) {
        try {
            byte[] out = dec.decode(FORMAT.toBlock(FORMAT.decode(envelope)));
            assertThat(out).isEqualTo(original);
        } catch (CorruptChunkException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @Test
    void everySingleByteChangeIsDetectedOrHarmless() {
        try (ChunkDecoder dec = NeuralCodecs.universalDecoder(ModelStores.of("memory", MODEL))) {
            for (byte[][] e : envelopes()) {
                byte[] env = e[0];
                for (int i = 0; i < env.length; i++) {
                    for (int v = 1; v < 256; v++) {
                        byte[] bad = env.clone();
                        bad[i] ^= (byte) v;
                        // the model id bytes name another model: that is a ModelNotFoundException, checked below
                        if (isModelIdByte(env, i)) {
                            continue;
                        }
                        decodeOrCorrupt(dec, bad, e[1]);
                    }
                }
            }
        }
    }

    @Test
    void everyTruncationIsDetected() {
        try (ChunkDecoder dec = NeuralCodecs.universalDecoder(ModelStores.of("memory", MODEL))) {
            for (byte[][] e : envelopes()) {
                for (int len = 0; len < e[0].length; len++) {
                    byte[] cut = Arrays.copyOf(e[0], len);
                    try {
                        dec.decode(FORMAT.toBlock(FORMAT.decode(cut)));
                        throw new AssertionError("truncation to " + len + " bytes decoded");
                    } catch (CorruptChunkException expected) {
                        // ok
                    }
                }
            }
        }
    }

    @Test
    void everyTruncationOfAFramedStreamDecodesAPrefixThenFails() throws Exception {
        List<byte[][]> envs = envelopes();
        java.io.ByteArrayOutputStream stream = new java.io.ByteArrayOutputStream();
        List<Integer> boundaries = new ArrayList<>();
        boundaries.add(0);
        for (byte[][] e : envs) {
            int n = e[0].length;
            stream.write(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
            stream.write(e[0]);
            boundaries.add(stream.size());
        }
        byte[] all = stream.toByteArray();
        try (ChunkDecoder dec = NeuralCodecs.universalDecoder(ModelStores.of("memory", MODEL))) {
            for (int len = 0; len <= all.length; len++) {
                java.io.InputStream in = new java.io.ByteArrayInputStream(all, 0, len);
                int decoded = 0;
                boolean failed = false;
                try {
                    byte[] env;
                    while ((env = EnvelopeFormat.readFramed(in, 1 << 20)) != null) {
                        assertThat(dec.decode(FORMAT.toBlock(FORMAT.decode(env)))).isEqualTo(envs.get(decoded)[1]);
                        decoded++;
                    }
                } catch (CorruptChunkException expected) {
                    failed = true;
                }
                // a clean end only at an envelope boundary; otherwise the named exception
                assertThat(failed).as("truncated to %d bytes", len).isEqualTo(!boundaries.contains(len));
                assertThat(boundaries.get(decoded)).isLessThanOrEqualTo(len);
            }
        }
    }

    @Test
    void aChangedModelIdIsAMissingModel() {
        try (ChunkDecoder dec = NeuralCodecs.universalDecoder(ModelStores.of("memory", MODEL))) {
            byte[][] e = envelopes().get(0);
            int at = indexOf(e[0], MODEL.shortId());
            byte[] bad = e[0].clone();
            bad[at + 3] ^= 1;
            try {
                dec.decode(FORMAT.toBlock(FORMAT.decode(bad)));
                throw new AssertionError("decoded with a changed model id");
            } catch (io.tokenpress.codec.ModelNotFoundException expected) {
                assertThat(expected.getMessage()).contains("not found");
            }
        }
    }

    private static boolean isModelIdByte(byte[] env, int i) {
        int at = indexOf(env, MODEL.shortId());
        return at >= 0 && i >= at && i < at + 8;
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
