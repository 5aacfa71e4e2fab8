package io.tokenpress.codec.neural.djl;

import io.tokenpress.codec.model.ArchConfig;
import io.tokenpress.codec.model.ModelArtifact;
import io.tokenpress.codec.model.ModelExporter;
import io.tokenpress.codec.model.RandomWeights;
import io.tokenpress.codec.neural.DecompressorBackend;
import io.tokenpress.codec.neural.JavaDecompressorBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Throughput of the java and djl backends (not a test): teacher-forced evaluation (what compressing runs)
 * and incremental evaluation (what decompressing runs), in KB of chunk data per second.
 *
 * <p>Arguments: {@code MODEL.tpm|random INPUT [chunks] [chunkSize] [decodeBytes]}. {@code random} builds
 * a RandomWeights model with the training defaults (d=128, 4 heads, dFF 256, 2+1 layers, window 256).
 */
public final class DjlThroughput {
    private DjlThroughput() {}

    public static void main(String[] args) throws Exception {
        ModelArtifact m = args[0].equals("random")
                ? ModelArtifact.load(ModelExporter.export(RandomWeights.create(
                        new ArchConfig(128, 4, 256, 1, 2, 256, 32, 256, 64, 8, 0), 1), "bench", null,
                        Map.of("createdAt", "0"), List.of()))
                : ModelArtifact.load(Files.readAllBytes(Path.of(args[0])));
        byte[] input = Files.readAllBytes(Path.of(args[1]));
        int n = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        int size = args.length > 3 ? Integer.parseInt(args[3]) : 4096;
        int decodeBytes = args.length > 4 ? Integer.parseInt(args[4]) : 1024;
        List<byte[]> chunks = new ArrayList<>();
        List<int[]> latents = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            chunks.add(Arrays.copyOfRange(input, i * size, (i + 1) * size));
            latents.add(new int[0]);
        }
        double kb = n * size / 1024.0;
        System.out.printf("model %s %s, %d chunks of %d bytes%n", m.id().substring(0, 8), m.config(), n, size);
        try (DecompressorBackend java = new JavaDecompressorBackend(m, 1);
                DecompressorBackend java2 = new JavaDecompressorBackend(m, 2);
                DecompressorBackend djl = new DjlDecompressorBackend(m, 1);
                DecompressorBackend djl2 = new DjlDecompressorBackend(m, 2)) {
            for (DecompressorBackend b : List.of(java, java2, djl)) { // warm-up (JIT, engine)
                b.evaluate(new int[0], Arrays.copyOf(chunks.get(0), 1024), (t, c) -> {});
            }
            for (DecompressorBackend b : List.of(java, java2)) {
                long t0 = System.nanoTime();
                for (byte[] c : chunks) {
                    b.evaluate(new int[0], c, (t, cum) -> {});
                }
                report("encode " + b.name() + " threads=" + (b == java ? 1 : 2) + " one by one", kb, t0);
            }
            long t0 = System.nanoTime();
            for (byte[] c : chunks) {
                djl.evaluate(new int[0], c, (t, cum) -> {});
            }
            report("encode djl one by one", kb, t0);
            for (DecompressorBackend b : List.of(djl, djl2)) {
                t0 = System.nanoTime();
                b.evaluateBatch(latents, chunks, (c, t, cum) -> {});
                report("encode djl batched threads=" + (b == djl ? 1 : 2), kb, t0);
            }
            List<byte[]> small = new ArrayList<>();
            List<int[]> smallLatents = new ArrayList<>();
            for (int i = 0; i < n * size / 256; i++) {
                small.add(Arrays.copyOfRange(input, i * 256, (i + 1) * 256));
                smallLatents.add(new int[0]);
            }
            t0 = System.nanoTime();
            for (byte[] c : small) {
                java.evaluate(new int[0], c, (t, cum) -> {});
            }
            report("encode java 256-byte chunks one by one", kb, t0);
            t0 = System.nanoTime();
            djl.evaluateBatch(smallLatents, small, (c, t, cum) -> {});
            report("encode djl 256-byte chunks batched", kb, t0);
            for (DecompressorBackend b : List.of(java, djl)) {
                byte[] c = chunks.get(1);
                int len = Math.min(decodeBytes, c.length);
                t0 = System.nanoTime();
                try (DecompressorBackend.Session s = b.open(new int[0])) {
                    for (int t = 0; t < len; t++) {
                        s.next(t == 0 ? ArchConfig.BOS : c[t - 1] & 0xFF);
                    }
                }
                report("decode " + b.name() + " incremental (" + len + " bytes)", len / 1024.0, t0);
            }
        }
    }

    private static void report(String what, double kb, long t0) {
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("%-45s %8.2f KB/s  (%.1f s)%n", what, kb / s, s);
    }
}
