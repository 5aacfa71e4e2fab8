package io.tokenpress.codec.neural;

import io.tokenpress.codec.model.Mixing;
import io.tokenpress.codec.model.ModelArtifact;
import io.tokenpress.codec.store.ClasspathModelStore;
import io.tokenpress.codec.store.ModelStores;
import io.tokenpress.codec.train.SampleChunks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * How well does a mixing recipe do on data held out of its fitting? Fits the mixing of a model (its own
 * primer, if it has one and the stages mix contexts) on {@code CHUNKS} 4 KiB chunks of {@code FIT} and prints
 * the bits per byte of {@code CHUNKS} chunks of {@code EVAL}, network alone and mixed. A main, not a test:
 * {@code java -cp ... MixProbe NAME|PATH FIT EVAL CHUNKS [MATCH|CONTEXTS|LINES]} (codec/MODEL.md, "Line
 * contexts", "Effect").
 */
public final class MixProbe {
    private MixProbe() {}

    public static void main(String[] args) throws Exception {
        ModelArtifact m = args[0].endsWith(".tpm") ? ModelArtifact.load(Files.readAllBytes(Path.of(args[0])))
                : ModelStores.resolve(args[0], new ClasspathModelStore());
        int n = Integer.parseInt(args[3]);
        Mixing stages = args.length > 4 ? Mixing.valueOf(args[4]) : m.mixing() == null ? Mixing.MATCH : m.mixing();
        List<byte[]> fit = SampleChunks.of(args[1], 4096, n);
        List<byte[]> eval = SampleChunks.of(args[2], 4096, n);
        byte[] primer = stages.contexts() ? MatchMixing.primer(m) : new byte[0];
        long t0 = System.nanoTime();
        MatchMixing.Fit f = MatchMixing.fit(m, fit, m.id(), stages, primer);
        ModelArtifact mixed = ModelArtifact.load(f.artifact());
        try (JavaDecompressorBackend b = new JavaDecompressorBackend(mixed)) {
            double[] bits = MatchMixing.bitsPerByte(b, MatchMixing.recipe(mixed), eval);
            System.out.printf("%s %s fit %.4f eval model %.4f mixed %.4f (ratio %.2f) %.1fs%n", m.name(), stages, f.mixedBitsPerByte(),
                    bits[0], bits[1], 8 / bits[1], (System.nanoTime() - t0) / 1e9);
        }
    }
}
