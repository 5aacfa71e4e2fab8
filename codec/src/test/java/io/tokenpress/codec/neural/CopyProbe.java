package io.tokenpress.codec.neural;

import io.tokenpress.codec.model.ModelArtifact;
import io.tokenpress.codec.store.ClasspathModelStore;
import io.tokenpress.codec.store.ModelStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Does a model copy from its window? Codes a string of random letters followed by the same string
 * again and prints the bits per byte of each copy: a model that copies codes the second far below the
 * first (about 4.7 bits for random letters). A main, not a test: {@code java -cp ... CopyProbe
 * [length] NAME|PATH...} (names are bundled models, paths are .tpm files).
 */
public final class CopyProbe {
    private CopyProbe() {}

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        Random rnd = new Random(1);
        byte[] data = new byte[2 * n];
        for (int i = 0; i < n; i++) {
            data[i] = (byte) ('a' + rnd.nextInt(26));
            data[n + i] = data[i];
        }
        for (int a = 1; a < args.length; a++) {
            ModelArtifact m = args[a].endsWith(".tpm") ? ModelArtifact.load(Files.readAllBytes(Path.of(args[a])))
                    : ModelStores.resolve(args[a], new ClasspathModelStore());
            double[] bits = new double[data.length];
            try (JavaDecompressorBackend b = new JavaDecompressorBackend(m)) {
                b.evaluate(new int[0], data, (t, cum) -> {
                    int s = data[t] & 0xFF;
                    bits[t] = -Math.log((cum[s + 1] - cum[s]) / (double) cum[256]) / Math.log(2);
                });
            }
            double first = 0;
            double second = 0;
            for (int i = 0; i < n; i++) {
                first += bits[i];
                second += bits[n + i];
            }
            System.out.printf("%-14s %s window %4d: random letters %.2f bits/byte, the same letters again %.2f bits/byte%n",
                    m.name(), m.id().substring(0, 8), m.config().window(), first / n, second / n);
        }
    }
}
