package io.tokenpress.cli;

import io.tokenpress.codec.model.ArchConfig;
import io.tokenpress.codec.model.FloatWeights;
import io.tokenpress.codec.model.ModelArtifact;
import io.tokenpress.codec.neural.MatchMixing;
import io.tokenpress.codec.train.CheckpointStore;
import io.tokenpress.codec.train.SampleChunks;
import io.tokenpress.codec.train.TrainingOptions;
import io.tokenpress.codec.train.TrainingRun;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tokenpress train}: trains a model pair (decompressor language-model pretraining, then
 * off-policy RL of the compressor) with progress lines, resumable checkpoints and an exported model
 * artifact at the end.
 */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = "Train a tokenpress model (DJL, PyTorch engine) and export it as a model artifact.")
public final class TrainCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--name", required = true, description = "Model name: names the log, the checkpoints and the artifact.")
    String name;

    @Option(names = "--data", required = true, description = "Training files: comma-separated paths or globs; !PATH excludes a file.")
    String data;

    @Option(names = "--valid", description = "Validation files, same syntax.")
    String valid;

    @Option(names = "--d-model", defaultValue = "128", description = "Model width (default ${DEFAULT-VALUE}).")
    int dModel;

    @Option(names = "--heads", defaultValue = "4", description = "Attention heads (default ${DEFAULT-VALUE}).")
    int heads;

    @Option(names = "--d-ff", defaultValue = "256", description = "Feed-forward width (default ${DEFAULT-VALUE}).")
    int dFF;

    @Option(names = "--layers", defaultValue = "2", description = "Decompressor decoder layers (default ${DEFAULT-VALUE}).")
    int layers;

    @Option(names = "--encoder-layers", defaultValue = "1", description = "Latent encoder layers; 0 = no latent (default ${DEFAULT-VALUE}).")
    int encoderLayers;

    @Option(names = "--compressor-layers", defaultValue = "1", description = "Compressor layers per stack (default ${DEFAULT-VALUE}).")
    int compressorLayers;

    @Option(names = "--window", defaultValue = "256", description = "Decoder attention window (default ${DEFAULT-VALUE}).")
    int window;

    @Option(names = "--rel-buckets", defaultValue = "32", description = "Relative-position buckets (default ${DEFAULT-VALUE}).")
    int relBuckets;

    @Option(names = "--rel-max-distance", defaultValue = "256", description = "Relative-position max distance (default ${DEFAULT-VALUE}).")
    int relMaxDistance;

    @Option(names = "--latent-vocab", defaultValue = "64", description = "Latent vocabulary (default ${DEFAULT-VALUE}).")
    int latentVocab;

    @Option(names = "--max-latent", defaultValue = "8", description = "Longest latent (default ${DEFAULT-VALUE}).")
    int maxLatent;

    @Option(names = "--chunk-size", defaultValue = "4096", description = "Bytes per training sequence = coded chunk size (default ${DEFAULT-VALUE}).")
    int chunkSize;

    @Option(names = "--train-length", defaultValue = "0", description = "Bytes per LM training sequence; 0 = the chunk size (default ${DEFAULT-VALUE}).")
    int trainLength;

    @Option(names = "--batch", defaultValue = "4", description = "Chunks per step (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--lr", defaultValue = "2e-3", description = "Peak learning rate (default ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--warmup", defaultValue = "100", description = "Warm-up steps (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--minutes", defaultValue = "0", description = "Time budget in minutes, over all resumed runs.")
    double minutes;

    @Option(names = "--steps", defaultValue = "0", description = "Step budget.")
    long steps;

    @Option(names = "--phase", defaultValue = "all", description = "lm, rl or all (default ${DEFAULT-VALUE}).")
    String phase;

    @Option(names = "--rl-share", defaultValue = "0.25", description = "Share of the budget for RL with --phase all (default ${DEFAULT-VALUE}).")
    double rlShare;

    @Option(names = "--latent-fraction", defaultValue = "0.1", description = "Share of LM steps with random latents (default ${DEFAULT-VALUE}).")
    double latentFraction;

    @Option(names = "--rl-samples", defaultValue = "3", description = "Latent samples per chunk per RL step (default ${DEFAULT-VALUE}).")
    int rlSamples;

    @Option(names = "--rl-batch", defaultValue = "2", description = "Chunks per RL step (default ${DEFAULT-VALUE}).")
    int rlBatch;

    @Option(names = "--importance-clip", defaultValue = "2.0", description = "Clip of the importance weight (default ${DEFAULT-VALUE}).")
    double importanceClip;

    @Option(names = "--behaviour-refresh", defaultValue = "20", description = "Steps between behaviour-policy snapshots (default ${DEFAULT-VALUE}).")
    int behaviourRefresh;

    @Option(names = "--out", description = "Output: a model artifact (.tpm), or float weights (.tpfw).")
    Path out;

    @Option(names = "--checkpoint-dir", description = "Checkpoint directory (default work/checkpoints/NAME).")
    Path checkpointDir;

    @Option(names = "--log", description = "Progress log (default work/logs/NAME.log).")
    Path logFile;

    @Option(names = "--resume", description = "Continue from the newest checkpoint.")
    boolean resume;

    @Option(names = "--export-only", description = "Train no further: export the newest checkpoint of NAME to --out (with a validation pass); with --init, export those float weights instead (their architecture; step and time trained from the .state file next to them).")
    boolean exportOnly;

    @Option(names = "--copy-fraction", defaultValue = "0", description = "Share of language-model sequences that are copy "
            + "sequences: fragments of the data recombined so that the model must copy from its window (default ${DEFAULT-VALUE}).")
    double copyFraction;

    @Option(names = "--init", description = "Start from these float weights (.tpfw or a checkpoint's .weights).")
    Path init;

    @Option(names = "--match-mixing", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Export a model whose tables are mixed with in-chunk matches (recipe int8-v1+match-v1; its prior is"
                    + " fitted on up to --match-fit-chunks chunks of --data). --no-match-mixing exports the network alone"
                    + " (default: mixing).")
    boolean matchMixing;

    @CommandLine.Mixin
    MixingOptions mixing;

    @Option(names = "--match-fit-chunks", defaultValue = "128", description = "Chunks of --data the match-mixing prior is fitted on (default ${DEFAULT-VALUE}).")
    int matchFitChunks;

    @Option(names = "--threads", defaultValue = "1", description = "Intra-op threads of the PyTorch engine (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--checkpoint-minutes", defaultValue = "5", description = "Minutes between checkpoints (default ${DEFAULT-VALUE}).")
    double checkpointMinutes;

    @Option(names = "--eval-every", defaultValue = "200", description = "Steps between validation passes (default ${DEFAULT-VALUE}).")
    int evalEvery;

    @Option(names = "--eval-chunks", defaultValue = "32", description = "Validation chunks per pass (default ${DEFAULT-VALUE}).")
    int evalChunks;

    @Override
    public Integer call() throws Exception {
        // the engine reads these once, when it starts
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));
        if (matchFitChunks < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--match-fit-chunks must be positive");
        }
        MixingOptions.size(spec, "--primer", mixing.primer);
        if (init != null && !Files.isRegularFile(init)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--init: no such file: " + init);
        }
        TrainingOptions opt;
        try {
            opt = options();
        } catch (IllegalArgumentException e) {
            // an invalid architecture, phase, budget or fraction: a usage error, not a stack trace
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        Path staged = null;
        if (exportOnly) {
            if (out == null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--export-only needs --out");
            }
            Path from = opt.checkpointDir();
            if (init != null) {
                staged = Files.createTempDirectory("tokenpress-export");
                stageCheckpoint(init, staged);
                from = staged;
            } else if (new CheckpointStore(from).newest().isEmpty()) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--export-only needs a checkpoint in " + from + " or float weights (--init)");
            }
            opt = opt.withFiles(valid, from, opt.logFile(), out, true, null);
        }
        TrainingRun.Summary s;
        try {
            s = new TrainingRun(opt).run();
        } finally {
            if (staged != null) {
                deleteTree(staged);
            }
        }
        System.out.printf(java.util.Locale.ROOT, "trained %s: %d steps in %.0f s, validation %s bits/byte%n", name, s.steps(), s.seconds(),
                s.validBitsPerByte() == null ? "-" : String.format(java.util.Locale.ROOT, "%.4f", s.validBitsPerByte()));
        if (matchMixing && out != null && !out.getFileName().toString().endsWith(".tpfw")) {
            addMatchMixing(opt);
        }
        return 0;
    }

    /** Replaces the exported artifact by one with match mixing, its prior fitted on the training data. */
    private void addMatchMixing(TrainingOptions opt) throws IOException {
        ModelArtifact exported = ModelArtifact.load(Files.readAllBytes(out));
        List<byte[]> chunks = SampleChunks.of(data, opt.chunkSize(), matchFitChunks);
        long t0 = System.nanoTime();
        MatchMixing.Fit fit = MatchMixing.fit(exported, chunks, exported.manifest().getParentId(), mixing.stages(),
                mixing.primer(spec, data));
        Files.write(out, fit.artifact());
        System.out.printf(java.util.Locale.ROOT, mixing.stages().description() + ": prior fitted on %d bytes of --data in %.0f s: %.4f -> %.4f bits/byte;"
                + " wrote %s (%s)%n", fit.bytes(), (System.nanoTime() - t0) / 1e9, fit.modelBitsPerByte(), fit.mixedBitsPerByte(), out,
                ModelArtifact.load(fit.artifact()).id());
    }

    private TrainingOptions options() {
        ArchConfig arch = new ArchConfig(dModel, heads, dFF, encoderLayers, layers, window, relBuckets, relMaxDistance,
                encoderLayers > 0 ? latentVocab : 0, encoderLayers > 0 ? maxLatent : 0, encoderLayers > 0 ? compressorLayers : 0);
        TrainingOptions.Phase ph;
        try {
            ph = TrainingOptions.Phase.valueOf(phase.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--phase must be lm, rl or all, not " + phase);
        }
        return TrainingOptions.defaults(name, data, arch)
                .withBudget(exportOnly ? 0 : minutes, exportOnly ? 1 : steps)
                .withPhase(ph)
                .withShape(chunkSize, batch, lr, warmup)
                .withTrainLength(trainLength)
                .withRl(rlShare, latentFraction, rlSamples, rlBatch, importanceClip, behaviourRefresh)
                .withCopyFraction(copyFraction)
                .withSchedule(seed, checkpointMinutes, evalEvery, evalChunks)
                .withFiles(valid,
                        checkpointDir != null ? checkpointDir : Path.of("work", "checkpoints", name),
                        logFile != null ? logFile : Path.of("work", "logs", name + ".log"),
                        out, resume, init);
    }

    /**
     * Writes float weights as the only checkpoint of {@code dir}, with the progress (step, seconds trained)
     * of the {@code .state} file next to them when there is one, so that the export records where they
     * came from. No optimizer moments: the export trains no further.
     */
    private static void stageCheckpoint(Path weightsFile, Path dir) throws IOException {
        FloatWeights weights;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(weightsFile))) {
            weights = FloatWeights.read(in);
        }
        String base = weightsFile.getFileName().toString().replaceFirst("\\.[^.]*$", "");
        Path stateFile = weightsFile.resolveSibling(base + ".state");
        Properties state = new Properties();
        if (Files.exists(stateFile)) {
            try (Reader r = Files.newBufferedReader(stateFile)) {
                state.load(r);
            }
        }
        // an export trains to step 1 at least: weights of unknown progress are recorded as step 1
        long step = Math.max(1, Long.parseLong(state.getProperty("step", "1")));
        state.setProperty("step", Long.toString(step));
        state.putIfAbsent("elapsedSeconds", "0");
        new CheckpointStore(dir).save(step, weights, new FloatWeights(weights.config(), Map.of()), state);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
