package io.tokenpress.cli;

import io.tokenpress.bench.BenchCodecException;
import io.tokenpress.bench.BenchInput;
import io.tokenpress.bench.Baselines;
import io.tokenpress.bench.ByteSizes;
import io.tokenpress.bench.ChunkBench;
import io.tokenpress.bench.ChunkResult;
import io.tokenpress.bench.CodecLineup;
import io.tokenpress.bench.JsonLines;
import io.tokenpress.bench.Measurement;
import io.tokenpress.bench.Measurer;
import io.tokenpress.bench.NeuralCodecFactory;
import io.tokenpress.bench.Progress;
import io.tokenpress.bench.RecordBench;
import io.tokenpress.bench.RecordBuckets;
import io.tokenpress.bench.RecordResult;
import io.tokenpress.bench.ResultTable;
import io.tokenpress.bench.TokenpressCodec;
import io.tokenpress.bench.ZstdDictionaries;
import io.tokenpress.codec.Codecs;
import io.tokenpress.codec.TokenpressException;
import io.tokenpress.codec.neural.NeuralOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tokenpress bench}: measures the neural codec and the conventional codecs on the same chunks
 * (or, with {@code --records}, on the same records one at a time) and prints ratios, speeds and
 * round-trip checks. Exit status 0 when every round trip held, 1 when one failed, 2 on bad input.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = {
            "Compares the neural codec with gzip -9, xz -9, zstd -3/-19, zstd -19 with a trained dictionary,"
                    + " brotli 11 and lz4 on the same chunks: ratio (original / stored bytes), compress and"
                    + " decompress MB/s, round trip.",
            "Without --train-dict the dictionary is trained on the first half of the input and every codec"
                    + " is measured on the second half only.",
            "With --jobs N every codec compresses, then decompresses, the chunks on N worker threads at once:"
                    + " MB/s is the aggregate throughput of an N-core machine; sizes and round trips do not change."
        })
public final class BenchCommand implements Callable<Integer> {
    /** Most bytes read from {@code --train-dict}. */
    static final long MAX_TRAINING_BYTES = 64L << 20;

    @Spec
    CommandSpec spec;

    @Option(names = "--input", required = true, paramLabel = "FILE", description = "File to measure.")
    Path input;

    @Option(names = "--chunk-size", split = ",", paramLabel = "BYTES", defaultValue = "4096,65536",
            description = "Chunk sizes, comma-separated; K and M suffixes allowed (default: ${DEFAULT-VALUE}).")
    List<String> chunkSizes;

    @Option(names = "--model", split = ",", paramLabel = "NAME|PATH",
            description = "Neural codec model(s): name, hex id or .tpm path; repeatable (default: the bundled model named general, else every bundled model).")
    List<String> models = new ArrayList<>();

    @Option(names = "--no-neural", description = "Measure the conventional codecs only.")
    boolean noNeural;

    @Option(names = "--engine", defaultValue = "java", paramLabel = "java|djl",
            description = "Inference engine of the neural codec (default: ${DEFAULT-VALUE}).")
    String engine;

    @Option(names = "--threads", defaultValue = "1", paramLabel = "N",
            description = "Threads one neural evaluation may use (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--jobs", defaultValue = "1", paramLabel = "N",
            description = "Worker threads per timed pass, taking chunks (or records) from a shared queue like N"
                    + " partitions processed in parallel; the pass's wall time counts, so MB/s is aggregate"
                    + " throughput. Same for every codec; sizes and round trips as with 1 (default: ${DEFAULT-VALUE}).")
    int jobs;

    @Option(names = "--latent-samples", paramLabel = "N",
            description = "Sampled latents the compressor proposes per chunk besides its greedy one (default: the encoder's).")
    Integer latentSamples;

    @Option(names = "--max-proposal-bytes", paramLabel = "BYTES",
            description = "Longer chunks get no compressor proposals, only the empty latent; 0: never propose"
                    + " (faster; default: the encoder's).")
    String maxProposalBytes;

    @Option(names = "--train-dict", paramLabel = "FILE",
            description = "Train the zstd dictionary on this file (its first 64 MiB) and measure the whole input.")
    Path trainDict;

    @Option(names = "--dict-size", paramLabel = "BYTES", defaultValue = "110K",
            description = "Largest zstd dictionary (default: ${DEFAULT-VALUE}).")
    String dictSize;

    @Option(names = "--records", description = "Small-record mode: each line is one record, compressed on its own;"
            + " ratios per record-length bucket.")
    boolean records;

    @Option(names = "--buckets", split = ",", paramLabel = "BYTES", defaultValue = "64,256,1K,4K",
            description = "Record-length bucket bounds for --records (default: ${DEFAULT-VALUE}).")
    List<String> buckets;

    @Option(names = "--max-bytes", paramLabel = "BYTES", description = "Read at most this much of the input, e.g. 2M.")
    String maxBytes;

    @Option(names = "--json", description = "One JSON object per line instead of the table.")
    boolean json;

    @Option(names = "--quick", description = "No warm-up and a single pass: exact sizes and round trips, rough speeds.")
    boolean quick;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            if (jobs < 1) {
                throw new IllegalArgumentException("--jobs must be at least 1, got " + jobs);
            }
            return records ? runRecords(out, err) : runChunks(out, err);
        } catch (IllegalArgumentException e) {
            err.println("bench: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("bench: cannot read input: " + e);
            return 2;
        }
    }

    private int runChunks(PrintWriter out, PrintWriter err) throws IOException {
        List<Integer> sizes = new ArrayList<>();
        for (String s : chunkSizes) {
            long size = ByteSizes.parse(s);
            if (size > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("chunk size too large: " + s);
            }
            sizes.add((int) size);
        }
        byte[] data = BenchInput.read(input, limit());
        byte[] training = trainDict != null ? BenchInput.read(trainDict, MAX_TRAINING_BYTES) : BenchInput.firstHalf(data);
        byte[] measured = trainDict != null ? data : BenchInput.secondHalf(data);
        try (CodecLineup lineup = new CodecLineup()) {
            addNeural(lineup);
            Dictionary dict = Dictionary.train(ZstdDictionaries.samplesOf(training), dictBytes());
            Baselines.addChunkBaselines(lineup, dict.bytes(), dict.problem());
            if (!json) {
                err.printf("bench: %s, %d bytes measured%s%s%n", input, measured.length,
                        trainDict != null ? "" : " (second half of the " + data.length
                                + " bytes read; the first half trained the dictionary)",
                        dict.bytes() == null ? "" : ", dictionary " + dict.bytes().length + " bytes");
            }
            Progress progress = new Progress(System.err, ChunkBench.work(measured.length, lineup.codecs().size(), sizes.size()));
            List<ChunkResult> results = new ChunkBench(progress, timing(), jobs).run(lineup, measured, sizes);
            if (json) {
                results.forEach(r -> out.println(JsonLines.chunk(r, jobs)));
            } else {
                out.print(jobsLine() + ResultTable.chunks(results, lineup.skipped()));
            }
            return finish(out, err, lineup, results.stream().map(ChunkResult::measurement).toList());
        }
    }

    private int runRecords(PrintWriter out, PrintWriter err) throws IOException {
        RecordBuckets bounds = new RecordBuckets(buckets.stream().map(ByteSizes::parse).toList());
        List<byte[]> all = BenchInput.lines(BenchInput.read(input, limit()));
        if (all.size() < 2) {
            throw new IllegalArgumentException("--records needs at least 2 non-empty lines in " + input + ", found " + all.size());
        }
        List<byte[]> training = trainDict != null
                ? BenchInput.lines(BenchInput.read(trainDict, MAX_TRAINING_BYTES))
                : all.subList(0, all.size() / 2);
        List<byte[]> measured = trainDict != null ? all : all.subList(all.size() / 2, all.size());
        try (CodecLineup lineup = new CodecLineup()) {
            addNeural(lineup);
            // the envelope alone, around tokenpress's zstd fallback: shows the per-record framing cost
            lineup.add(new TokenpressCodec("envelope+zstd-19", Codecs.zstd(19), Codecs.decoder()));
            Dictionary dict = Dictionary.train(training, dictBytes());
            Baselines.addRecordBaselines(lineup, dict.bytes(), dict.problem());
            long bytes = measured.stream().mapToLong(r -> r.length).sum();
            if (!json) {
                err.printf("bench: %s, %d records measured (%d bytes)%s%n", input, measured.size(), bytes,
                        trainDict != null ? "" : "; the other " + training.size() + " trained the dictionary");
            }
            Progress progress = new Progress(System.err, RecordBench.work(bytes, lineup.codecs().size()));
            List<RecordResult> results = new RecordBench(progress, timing(), jobs).run(lineup, measured, bounds);
            if (json) {
                results.forEach(r -> out.println(JsonLines.record(r, jobs)));
            } else {
                out.print(jobsLine() + ResultTable.records(results, lineup.skipped()));
            }
            return finish(out, err, lineup, results.stream().map(RecordResult::measurement).toList());
        }
    }

    private void addNeural(CodecLineup lineup) {
        if (noNeural) {
            return;
        }
        List<String> wanted = new ArrayList<>(models);
        if (wanted.isEmpty()) {
            try {
                wanted.addAll(NeuralCodecFactory.defaultModels());
            } catch (TokenpressException | UncheckedIOException e) {
                lineup.skip("tokenpress", "cannot load the bundled models: " + e.getMessage());
                return;
            }
            if (wanted.isEmpty()) {
                lineup.skip("tokenpress", "no bundled model in this build; name one with --model");
                return;
            }
        }
        NeuralCodecFactory factory = NeuralCodecFactory.withDefaultStores(neuralOptions());
        for (String model : wanted) {
            try {
                lineup.add(factory.open(model));
            } catch (BenchCodecException e) {
                lineup.skip("tokenpress:" + model, e.getMessage());
            }
        }
    }

    private NeuralOptions neuralOptions() {
        NeuralOptions options = NeuralOptions.defaults().withEngine(engine).withThreads(threads);
        if (latentSamples != null) {
            options = options.withSamples(latentSamples);
        }
        if (maxProposalBytes != null) {
            options = options.withMaxProposalBytes(
                    maxProposalBytes.equals("0") ? 0 : (int) Math.min(Integer.MAX_VALUE, ByteSizes.parse(maxProposalBytes)));
        }
        return options;
    }

    /** Flushes, lists skipped codecs on stderr in JSON mode, and gives the exit status: 1 if a round trip failed. */
    private int finish(PrintWriter out, PrintWriter err, CodecLineup lineup, List<Measurement> measurements) {
        out.flush();
        if (json) {
            lineup.skipped().forEach((name, reason) -> err.println("bench: " + name + " not measured: " + reason));
        }
        return measurements.stream().allMatch(Measurement::roundTrip) ? 0 : 1;
    }

    /** A trained zstd dictionary, or why there is none. */
    private record Dictionary(byte[] bytes, String problem) {
        static Dictionary train(List<byte[]> samples, int maxBytes) {
            try {
                return new Dictionary(ZstdDictionaries.train(samples, maxBytes), null);
            } catch (BenchCodecException e) {
                return new Dictionary(null, e.getMessage());
            }
        }
    }

    /** The line above the tables: how many workers each pass ran on. */
    private String jobsLine() {
        return "jobs " + jobs + (jobs == 1 ? "" : " (each pass on " + jobs + " worker threads; MB/s is their aggregate)")
                + "\n";
    }

    private Measurer.Timing timing() {
        return quick ? Measurer.Timing.once() : Measurer.Timing.standard();
    }

    private long limit() {
        return maxBytes == null ? Integer.MAX_VALUE - 8 : ByteSizes.parse(maxBytes);
    }

    private int dictBytes() {
        return (int) Math.min(Integer.MAX_VALUE, ByteSizes.parse(dictSize));
    }
}
