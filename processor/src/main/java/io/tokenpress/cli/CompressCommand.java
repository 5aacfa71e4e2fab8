package io.tokenpress.cli;

import io.tokenpress.codec.ChunkEncoder;
import io.tokenpress.codec.CodedBlock;
import io.tokenpress.codec.Codecs;
import io.tokenpress.codec.container.EnvelopeFormat;
import io.tokenpress.codec.model.ModelArtifact;
import io.tokenpress.codec.neural.NeuralCodecs;
import io.tokenpress.codec.neural.NeuralOptions;
import io.tokenpress.codec.store.ClasspathModelStore;
import io.tokenpress.codec.store.DirectoryModelStore;
import io.tokenpress.codec.store.ModelSource;
import io.tokenpress.codec.store.ModelStores;
import io.tokenpress.schema.CodecKind;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tokenpress compress}: splits a file into chunks and writes one envelope per chunk (4-byte
 * big-endian length, then the envelope), each coded by the smallest of the neural codec, zstd and raw.
 * Chunks are encoded in parallel and written in order.
 */
@Command(
        name = "compress",
        mixinStandardHelpOptions = true,
        description = "Compress a file into consecutive length-prefixed envelopes (try the codec without Kafka).")
public final class CompressCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "IN", description = "Input file, or - for stdin.")
    String in;

    @Parameters(index = "1", paramLabel = "OUT", description = "Output file, or - for stdout.")
    String out;

    @Option(names = "--model", paramLabel = "ID|NAME|PATH",
            description = "Model: a hex id (prefix of 16+ digits), a model name, or a .tpm file. Default: the"
                    + " model named 'general', else the newest model found; zstd/raw only when there is none.")
    String model;

    @Option(names = "--model-dir", paramLabel = "DIR", description = "Local model directory (default: ${sys:user.home}/.tokenpress/models or -Dtokenpress.models.dir).")
    Path modelDir;

    @Option(names = "--chunk-size", defaultValue = "65536", paramLabel = "BYTES", description = "Chunk size (default ${DEFAULT-VALUE}).")
    int chunkSize;

    @Option(names = "--engine", defaultValue = "java", paramLabel = "java|djl", description = "Inference engine (default ${DEFAULT-VALUE}).")
    String engine;

    @Option(names = "--threads", paramLabel = "N", description = "Chunks encoded in parallel (default: available processors).")
    Integer threads;

    @Option(names = "--zstd-level", defaultValue = "19", paramLabel = "L", description = "zstd level every chunk is compared with (default ${DEFAULT-VALUE}).")
    int zstdLevel;

    @Option(names = "--samples", defaultValue = "2", paramLabel = "N", description = "Sampled latents besides the greedy one, for models with a compressor (default ${DEFAULT-VALUE}).")
    int samples;

    @Override
    public Integer call() throws Exception {
        try {
            return run();
        } catch (io.tokenpress.codec.TokenpressException | IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 1;
        }
    }

    private int run() throws Exception {
        if (chunkSize < 1 || chunkSize > EnvelopeFormat.DEFAULT_MAX_CHUNK_BYTES) {
            System.err.println("--chunk-size must be in 1.." + EnvelopeFormat.DEFAULT_MAX_CHUNK_BYTES);
            return 2;
        }
        int workers = threads == null ? Runtime.getRuntime().availableProcessors() : Math.max(1, threads);
        ModelSource source = modelDir == null ? ModelStores.defaults()
                : ModelStores.chain(new DirectoryModelStore(modelDir), new ClasspathModelStore());
        ModelArtifact artifact = model != null ? ModelStores.resolve(model, source) : defaultModel(source);
        ChunkEncoder encoder;
        if (artifact == null) {
            System.err.println("no model found in " + source.describe() + ": coding with zstd/raw only");
            encoder = Codecs.zstd(zstdLevel);
        } else {
            encoder = NeuralCodecs.encoder(artifact, NeuralOptions.defaults().withEngine(engine)
                    .withZstdLevel(zstdLevel).withSamples(samples));
            System.err.println("model " + artifact.name() + " " + artifact.id());
        }
        EnvelopeFormat format = new EnvelopeFormat();
        Map<CodecKind, Integer> counts = new EnumMap<>(CodecKind.class);
        long inBytes = 0;
        long outBytes = 0;
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try (InputStream is = open(in); OutputStream os = create(out); encoder) {
            List<Future<CodedBlock>> batch = new ArrayList<>();
            while (true) {
                byte[] chunk = is.readNBytes(chunkSize);
                if (chunk.length > 0) {
                    inBytes += chunk.length;
                    batch.add(pool.submit(() -> encoder.encode(chunk)));
                }
                if (chunk.length == 0 || batch.size() >= 2 * workers) {
                    for (Future<CodedBlock> f : batch) {
                        CodedBlock b = get(f);
                        counts.merge(b.codec(), 1, Integer::sum);
                        outBytes += writeFramed(os, format.encode(EnvelopeFormat.toEnvelope(b, List.of())));
                    }
                    batch.clear();
                }
                if (chunk.length == 0) {
                    break;
                }
            }
        } finally {
            pool.shutdownNow();
        }
        double secs = (System.nanoTime() - start) / 1e9;
        System.err.printf("%d -> %d bytes (ratio %.3f), %.1f KB/s, chunks %s%n", inBytes, outBytes,
                outBytes == 0 ? 0.0 : (double) inBytes / outBytes, inBytes / 1024.0 / secs, counts);
        return 0;
    }

    private static ModelArtifact defaultModel(ModelSource source) {
        List<ModelArtifact> all = source.list();
        return all.stream().filter(a -> a.name().equals("general")).findFirst()
                .orElse(all.stream().max(Comparator.comparingLong(a -> a.manifest().getCreatedAt())).orElse(null));
    }

    private static CodedBlock get(Future<CodedBlock> f) throws Exception {
        try {
            return f.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
    }

    /** Writes {@code envelope} with its 4-byte big-endian length (what {@link EnvelopeFormat#readFramed} reads). */
    static int writeFramed(OutputStream os, byte[] envelope) throws IOException {
        int n = envelope.length;
        os.write(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
        os.write(envelope);
        return n + 4;
    }

    static InputStream open(String name) throws IOException {
        return new BufferedInputStream("-".equals(name) ? System.in : Files.newInputStream(Path.of(name)), 1 << 16);
    }

    static OutputStream create(String name) throws IOException {
        OutputStream os = "-".equals(name) ? new java.io.FilterOutputStream(System.out) {
            @Override
            public void close() throws IOException {
                flush();
            }
        } : Files.newOutputStream(Path.of(name));
        return new BufferedOutputStream(os, 1 << 16);
    }
}
