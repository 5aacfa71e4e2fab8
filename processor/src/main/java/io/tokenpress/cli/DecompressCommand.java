package io.tokenpress.cli;

import io.tokenpress.codec.ChunkDecoder;
import io.tokenpress.codec.container.EnvelopeFormat;
import io.tokenpress.codec.neural.NeuralCodecs;
import io.tokenpress.codec.store.ClasspathModelStore;
import io.tokenpress.codec.store.DirectoryModelStore;
import io.tokenpress.codec.store.ModelSource;
import io.tokenpress.codec.store.ModelStores;
import io.tokenpress.codec.UniversalDecoder;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tokenpress decompress}: reads consecutive length-prefixed envelopes (as {@code compress} writes
 * them), decodes each (finding neural models by id in the model stores) and writes the original bytes.
 * Envelopes are decoded in parallel and written in order; a corrupt envelope stops with its index.
 */
@Command(
        name = "decompress",
        mixinStandardHelpOptions = true,
        description = "Decompress a file of length-prefixed envelopes written by 'tokenpress compress'.")
public final class DecompressCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "IN", description = "Input file, or - for stdin.")
    String in;

    @Parameters(index = "1", paramLabel = "OUT", description = "Output file, or - for stdout.")
    String out;

    @Option(names = "--engine", defaultValue = "java", paramLabel = "java|djl", description = "Inference engine (default ${DEFAULT-VALUE}).")
    String engine;

    @Option(names = "--model-dir", paramLabel = "DIR", description = "Local model directory (default: ${sys:user.home}/.tokenpress/models or -Dtokenpress.models.dir).")
    Path modelDir;

    @Option(names = "--threads", paramLabel = "N", description = "Envelopes decoded in parallel (default: available processors).")
    Integer threads;

    @Option(names = "--max-chunk-bytes", defaultValue = "67108864", paramLabel = "BYTES",
            description = "Reject envelopes declaring a larger original (default ${DEFAULT-VALUE}).")
    int maxChunkBytes;

    @Override
    public Integer call() throws Exception {
        try {
            return run();
        } catch (io.tokenpress.codec.TokenpressException e) {
            System.err.println(e.getMessage());
            return 1;
        }
    }

    private int run() throws Exception {
        int workers = threads == null ? Runtime.getRuntime().availableProcessors() : Math.max(1, threads);
        ModelSource source = modelDir == null ? ModelStores.defaults()
                : ModelStores.chain(new DirectoryModelStore(modelDir), new ClasspathModelStore());
        EnvelopeFormat format = new EnvelopeFormat(maxChunkBytes);
        int maxEnvelope = maxChunkBytes + (1 << 20);
        long inBytes = 0;
        long outBytes = 0;
        int index = 0;
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try (ChunkDecoder decoder = new UniversalDecoder(NeuralCodecs.decoder(source, engine, 1));
                InputStream is = CompressCommand.open(in);
                OutputStream os = CompressCommand.create(out)) {
            List<Future<byte[]>> batch = new ArrayList<>();
            while (true) {
                byte[] env = EnvelopeFormat.readFramed(is, maxEnvelope);
                if (env != null) {
                    inBytes += env.length + 4;
                    batch.add(pool.submit(() -> decoder.decode(format.toBlock(format.decode(env)))));
                }
                if (env == null || batch.size() >= 2 * workers) {
                    for (Future<byte[]> f : batch) {
                        byte[] data;
                        try {
                            data = f.get();
                        } catch (ExecutionException e) {
                            System.err.println("envelope #" + index + ": " + e.getCause().getMessage());
                            return 1;
                        }
                        os.write(data);
                        outBytes += data.length;
                        index++;
                    }
                    batch.clear();
                }
                if (env == null) {
                    break;
                }
            }
        } finally {
            pool.shutdownNow();
        }
        double secs = (System.nanoTime() - start) / 1e9;
        System.err.printf("%d envelopes, %d -> %d bytes, %.1f KB/s%n", index, inBytes, outBytes, outBytes / 1024.0 / secs);
        return 0;
    }
}
