package io.tokenpress.codec.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenpress.codec.Checksums;
import io.tokenpress.codec.ChunkDecoder;
import io.tokenpress.codec.ChunkEncoder;
import io.tokenpress.codec.CodedBlock;
import io.tokenpress.codec.arith.ArithmeticDecoder;
import io.tokenpress.codec.arith.ArithmeticEncoder;
import io.tokenpress.codec.model.ModelArtifact;
import io.tokenpress.codec.neural.DecompressorBackend;
import io.tokenpress.codec.neural.JavaDecompressorBackend;
import io.tokenpress.codec.neural.NeuralCodecs;
import io.tokenpress.codec.neural.NeuralOptions;
import io.tokenpress.codec.store.DirectoryModelStore;
import io.tokenpress.schema.CodecKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A trained model exports to an artifact that the runtime loads and codes losslessly with. */
class ExportRoundTripTest {
    static {
        DjlThreads.useOne();
    }

    @Test
    void trainedModelExportsLoadsAndRoundTrips(@TempDir Path dir) throws Exception {
        byte[] corpus = LanguageModelTrainingTest.toyCorpus();
        Path out = train(dir, "toy", TrainingOptions.Phase.ALL, 30);
        ModelArtifact model = ModelArtifact.load(Files.readAllBytes(out));
        assertThat(model.name()).isEqualTo("toy");
        assertThat(model.config()).isEqualTo(LanguageModelTrainingTest.TINY);
        assertThat(model.hasCompressor()).isTrue();
        double floatBits = model.manifest().getMetrics().get("floatBitsPerByte");
        double intBits = model.manifest().getMetrics().get("intBitsPerByte");
        assertThat(floatBits).isLessThan(5.0); // trained, not random (8+ bits per byte)
        assertThat(intBits).isLessThan(floatBits * 1.25 + 0.1);

        byte[] chunk = Arrays.copyOfRange(corpus, 100, 400);
        try (DecompressorBackend backend = new JavaDecompressorBackend(model)) {
            for (int[] latent : List.of(new int[0], new int[] {3, 1})) {
                ArithmeticEncoder enc = new ArithmeticEncoder();
                backend.evaluate(latent, chunk, (pos, cum) -> {
                    int s = chunk[pos] & 0xff;
                    enc.encode(cum[s], cum[s + 1], cum[256]);
                });
                byte[] payload = enc.finish();
                assertThat(payload.length).isLessThan(chunk.length / 2);
                ArithmeticDecoder dec = new ArithmeticDecoder(payload);
                byte[] back = new byte[chunk.length];
                try (DecompressorBackend.Session session = backend.open(latent)) {
                    int token = 256;
                    for (int i = 0; i < back.length; i++) {
                        back[i] = (byte) dec.read(session.next(token));
                        token = back[i] & 0xff;
                    }
                }
                assertThat(back).isEqualTo(chunk);
            }
        }

        DirectoryModelStore store = new DirectoryModelStore(dir.resolve("models"));
        assertThat(store.put(Files.readAllBytes(out)).id()).isEqualTo(model.id());
        try (ChunkEncoder encoder = NeuralCodecs.encoder(model, NeuralOptions.defaults());
                ChunkDecoder decoder = NeuralCodecs.universalDecoder(store)) {
            CodedBlock block = encoder.encode(chunk);
            assertThat(decoder.decode(block)).isEqualTo(chunk);
        }
    }

    @Test
    void languageModelOnlyRunShipsNoCompressorAndStillCodesEveryLatent(@TempDir Path dir) throws Exception {
        byte[] corpus = LanguageModelTrainingTest.toyCorpus();
        Path out = train(dir, "toy-lm", TrainingOptions.Phase.LM, 10);
        ModelArtifact model = ModelArtifact.load(Files.readAllBytes(out));
        assertThat(model.hasCompressor()).isFalse();
        assertThat(model.config()).isEqualTo(LanguageModelTrainingTest.TINY);
        byte[] chunk = Arrays.copyOfRange(corpus, 100, 400);
        DirectoryModelStore store = new DirectoryModelStore(dir.resolve("models"));
        store.put(Files.readAllBytes(out));
        try (ChunkEncoder encoder = NeuralCodecs.encoder(model, NeuralOptions.defaults());
                ChunkDecoder decoder = NeuralCodecs.universalDecoder(store)) {
            CodedBlock block = encoder.encode(chunk);
            assertThat(block.latentLength()).isZero();
            assertThat(decoder.decode(block)).isEqualTo(chunk);
            // the decompressor still reads any latent (as another encoder of the same model may write)
            try (DecompressorBackend backend = new JavaDecompressorBackend(model)) {
                for (int[] latent : List.of(new int[0], new int[] {3, 1})) {
                    ArithmeticEncoder enc = new ArithmeticEncoder();
                    backend.evaluate(latent, chunk, (pos, cum) -> {
                        int sym = chunk[pos] & 0xff;
                        enc.encode(cum[sym], cum[sym + 1], cum[256]);
                    });
                    CodedBlock neural = new CodedBlock(CodecKind.NEURAL, model.shortId(), latent, enc.finish(),
                            chunk.length, Checksums.crc32c(chunk));
                    assertThat(decoder.decode(neural)).isEqualTo(chunk);
                }
            }
        }
    }

    /** Trains the tiny model on the toy corpus for {@code steps} steps of {@code phase}; returns its artifact file. */
    private static Path train(Path dir, String name, TrainingOptions.Phase phase, long steps) throws Exception {
        Path data = dir.resolve("toy.jsonl");
        Files.write(data, LanguageModelTrainingTest.toyCorpus());
        Path out = dir.resolve(name + ".tpm");
        TrainingOptions opt = TrainingOptions.defaults(name, data.toString(), LanguageModelTrainingTest.TINY)
                .withBudget(0, steps)
                .withShape(64, 4, 1e-2, 5)
                .withSchedule(4, 1000, 1000, 4)
                .withPhase(phase)
                .withFiles(data.toString(), null, null, out, false, null);
        new TrainingRun(opt).run();
        return out;
    }
}
