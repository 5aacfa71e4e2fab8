package io.tokenpress.cli;

import io.tokenpress.bench.BenchCodec;
import io.tokenpress.bench.BenchCodecException;
import io.tokenpress.bench.BenchInput;
import io.tokenpress.bench.Baselines;
import io.tokenpress.bench.ByteSizes;
import io.tokenpress.bench.ChunkBench;
import io.tokenpress.bench.ChunkResult;
import io.tokenpress.bench.CodecLineup;
import io.tokenpress.bench.JsonLines;
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
import java.io.IOException;
import java.io.PrintWriter;
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
                    + " is measured on the second half only."
        })
public final class BenchCommand implements Callable<Integer> {

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

    @Option(names = "--train-dict", paramLabel = "FILE",
            description = "Train the zstd dictionary on this file (capped by --max-bytes) and measure on the whole input.")
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
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            return records ? runRecords(out, err) : runChunks(out, err);
        } catch (IllegalArgumentException e) {
            err.println("bench: " + e.getMessage());
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
        byte[] training = trainDict != null ? BenchInput.read(trainDict, limit()) : BenchInput.firstHalf(data);
        byte[] measured = trainDict != null ? data : BenchInput.secondHalf(data);
        try (CodecLineup lineup = new CodecLineup()) {
            addNeural(lineup);
            byte[] dict = null;
            String problem = null;
            try {
                dict = ZstdDictionaries.train(ZstdDictionaries.samplesOf(training), dictBytes());
            } catch (BenchCodecException e) {
                problem = e.getMessage();
            }
            Baselines.addChunkBaselines(lineup, dict, problem);
            Progress progress = new Progress(System.err, ChunkBench.work(measured.length, lineup.codecs().size(), sizes.size()));
            describe(err, measured.length, data.length, dict);
            List<ChunkResult> results = new ChunkBench(progress, timing()).run(lineup, measured, sizes);
            if (json) {
                results.forEach(r -> out.println(JsonLines.chunk(r)));
                lineup.skipped().forEach((name, reason) -> err.println("bench: " + name + " not measured: " + reason));
            } else {
                out.print(ResultTable.chunks(results, lineup.skipped()));
            }
            out.flush();
            return results.stream().allMatch(r -> r.measurement().roundTrip()) ? 0 : 1;
        }
    }

    private int runRecords(PrintWriter out, PrintWriter err) throws IOException {
        RecordBuckets bounds = new RecordBuckets(buckets.stream().map(ByteSizes::parse).toList());
        List<byte[]> all = BenchInput.lines(BenchInput.read(input, limit()));
        if (all.size() < 2) {
            throw new IllegalArgumentException("--records needs at least 2 non-empty lines in " + input + ", found " + all.size());
        }
        List<byte[]> training = trainDict != null
                ? BenchInput.lines(BenchInput.read(trainDict, limit()))
                : all.subList(0, all.size() / 2);
        List<byte[]> measured = trainDict != null ? all : all.subList(all.size() / 2, all.size());
        try (CodecLineup lineup = new CodecLineup()) {
            addNeural(lineup);
            // the envelope alone, around tokenpress's zstd fallback: shows the per-record framing cost
            lineup.add(new TokenpressCodec("envelope+zstd-19", Codecs.zstd(19), Codecs.decoder()));
            byte[] dict = null;
            String problem = null;
            try {
                dict = ZstdDictionaries.train(training, dictBytes());
            } catch (BenchCodecException e) {
                problem = e.getMessage();
            }
            Baselines.addRecordBaselines(lineup, dict, problem);
            long bytes = measured.stream().mapToLong(r -> r.length).sum();
            Progress progress = new Progress(System.err, RecordBench.work(bytes, lineup.codecs().size()));
            if (!json) {
                err.printf("bench: %s, %d records measured (%d bytes)%s%n", input, measured.size(), bytes,
                        trainDict != null ? ", dictionary trained on " + trainDict
                                : ", the first " + training.size() + " records trained the dictionary");
            }
            List<RecordResult> results = new RecordBench(progress, timing()).run(lineup, measured, bounds);
            if (json) {
                results.forEach(r -> out.println(JsonLines.record(r)));
                lineup.skipped().forEach((name, reason) -> err.println("bench: " + name + " not measured: " + reason));
            } else {
                out.print(ResultTable.records(results, lineup.skipped()));
            }
            out.flush();
            return results.stream().allMatch(r -> r.measurement().roundTrip()) ? 0 : 1;
        }
    }

    private void addNeural(CodecLineup lineup) {
        if (noNeural) {
            return;
        }
        List<String> wanted = new ArrayList<>(models);
        if (wanted.isEmpty()) {
            wanted.addAll(NeuralCodecFactory.defaultModels());
            if (wanted.isEmpty()) {
                lineup.skip("tokenpress", "no bundled model in this build; name one with --model");
                return;
            }
        }
        NeuralCodecFactory factory = NeuralCodecFactory.withDefaultStores(engine, threads);
        for (String model : wanted) {
            try {
                lineup.add(factory.open(model));
            } catch (BenchCodecException e) {
                lineup.skip("tokenpress:" + model, e.getMessage());
                spec.commandLine().getErr().println("bench: " + e.getMessage());
            }
        }
    }

    private void describe(PrintWriter err, long measured, long read, byte[] dict) {
        if (json) {
            return;
        }
        err.printf("bench: %s, %d bytes measured%s%s%n", input, measured,
                trainDict != null ? "" : " (second half of the " + read + " bytes read; the first half trained the dictionary)",
                dict == null ? "" : ", dictionary " + dict.length + " bytes");
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
