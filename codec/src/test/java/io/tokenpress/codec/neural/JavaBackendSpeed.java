package io.tokenpress.codec.neural;

import io.tokenpress.codec.model.ArchConfig;
import io.tokenpress.codec.model.ModelArtifact;
import io.tokenpress.codec.model.ModelExporter;
import io.tokenpress.codec.model.RandomWeights;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Measures the java backend's encode (teacher-forced + arithmetic coding) and decode (incremental)
 * speed for a few model shapes with random weights, or for one model artifact on a data file. A main,
 * not a test: {@code java -cp ... io.tokenpress.codec.neural.JavaBackendSpeed [bytes] [threads] [model.tpm
 * data-file]} (with a model: {@code bytes} bytes from the middle of the file). After a 3 s warm-up, the best
 * of three passes counts. "per CPU-s" counts the CPU
 * time of the calling thread and of the backend's worker threads.
 */
public final class JavaBackendSpeed {
    private JavaBackendSpeed() {}

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 16384;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        byte[] data = new byte[n];
        Random rnd = new Random(1);
        String text = "{\"user\":\"alice\",\"action\":\"login\",\"ok\":true,\"ms\":42}\n";
        for (int i = 0; i < n; i++) {
            data[i] = (byte) (rnd.nextInt(10) == 0 ? 'a' + rnd.nextInt(26) : text.charAt(i % text.length()));
        }
        if (args.length > 3) {
            byte[] file = readAll(args[3]);
            int off = Math.max(0, file.length / 2 - n / 2);
            byte[] slice = java.util.Arrays.copyOfRange(file, off, Math.min(file.length, off + n));
            ModelArtifact m = ModelArtifact.load(readAll(args[2]));
            measure(m.name() + " d" + m.config().dModel() + " L" + m.config().decoderLayers() + " W"
                    + m.config().window(), m, slice, threads);
            return;
        }
        Map<String, ArchConfig> shapes = new java.util.LinkedHashMap<>();
        shapes.put("tiny d32 L1", ArchConfig.tiny());
        shapes.put("json-small d48 L1 F128 W128", new ArchConfig(48, 2, 128, 0, 1, 128, 32, 128, 0, 0, 0));
        shapes.put("json-small d48 L1 F128 W512", new ArchConfig(48, 2, 128, 0, 1, 512, 32, 512, 0, 0, 0));
        shapes.put("json d64 H4 L2 F256 W512", new ArchConfig(64, 4, 256, 0, 2, 512, 32, 512, 0, 0, 0));
        shapes.put("small d128 L2 F512 W256", new ArchConfig(128, 4, 512, 0, 2, 256, 32, 128, 0, 0, 0));
        shapes.put("medium d256 L4 F1024 W512", new ArchConfig(256, 4, 1024, 0, 4, 512, 32, 128, 0, 0, 0));
        String only = System.getProperty("shape", ""); // e.g. -Dshape=W512: only shapes whose label contains it
        for (Map.Entry<String, ArchConfig> e : shapes.entrySet()) {
            if (!e.getKey().contains(only)) {
                continue;
            }
            ModelArtifact m = ModelArtifact.load(ModelExporter.export(RandomWeights.create(e.getValue(), 1), "speed",
                    null, Map.of("createdAt", "0"), List.of(java.util.Arrays.copyOf(data, 2048))));
            measure(e.getKey(), m, data, threads);
        }
    }

    private static byte[] readAll(String path) {
        try {
            return java.nio.file.Files.readAllBytes(java.nio.file.Path.of(path));
        } catch (java.io.IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    private static long cpuNanos(java.lang.management.ThreadMXBean mx) {
        long sum = 0;
        for (java.lang.management.ThreadInfo ti : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (ti != null && (ti.getThreadId() == Thread.currentThread().getId()
                    || ti.getThreadName().startsWith("tokenpress-int-inference"))) {
                sum += Math.max(0, mx.getThreadCpuTime(ti.getThreadId()));
            }
        }
        return sum;
    }

    private static void measure(String label, ModelArtifact m, byte[] data, int threads) {
        int n = data.length;
        MatchMixing.Recipe prior = MatchMixing.recipe(m);
        try (JavaDecompressorBackend b = new JavaDecompressorBackend(m, threads)) {
            // the kernels run at about half speed until C2 has compiled them: warm up for 3 s
            byte[] warm = java.util.Arrays.copyOf(data, Math.min(n, 4096));
            long warmStart = System.nanoTime();
            while (System.nanoTime() - warmStart < 3_000_000_000L) {
                NeuralCoding.decode(b, prior, new int[0], NeuralCoding.encode(b, prior, new int[0], warm), warm.length);
            }
            java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
            // best of three passes: wall and CPU time of a pass on a shared machine vary by tens of percent
            long encWall = Long.MAX_VALUE;
            long encCpu = Long.MAX_VALUE;
            long decWall = Long.MAX_VALUE;
            long decCpu = Long.MAX_VALUE;
            byte[] payload = null;
            for (int pass = 0; pass < 3; pass++) {
                long c0 = cpuNanos(mx);
                long t0 = System.nanoTime();
                payload = NeuralCoding.encode(b, prior, new int[0], data);
                long t1 = System.nanoTime();
                long c1 = cpuNanos(mx);
                byte[] back = NeuralCoding.decode(b, prior, new int[0], payload, n);
                long t2 = System.nanoTime();
                long c2 = cpuNanos(mx);
                if (!java.util.Arrays.equals(back, data)) {
                    throw new AssertionError("round trip failed");
                }
                encWall = Math.min(encWall, t1 - t0);
                encCpu = Math.min(encCpu, c1 - c0);
                decWall = Math.min(decWall, t2 - t1);
                decCpu = Math.min(decCpu, c2 - c1);
            }
            System.out.printf("%-28s threads %d: encode %8.1f KB/s (%8.1f KB per CPU-s), decode %8.1f KB/s"
                            + " (%8.1f KB per CPU-s), %d bytes, %.3f bits/byte%n", label, threads,
                    n / 1024.0 / (encWall / 1e9), n / 1024.0 / (encCpu / 1e9),
                    n / 1024.0 / (decWall / 1e9), n / 1024.0 / (decCpu / 1e9), n, payload.length * 8.0 / n);
        }
    }
}
