package io.tokenpress.codec.train;

import ai.djl.ndarray.NDManager;
import io.tokenpress.codec.model.ArchConfig;
import io.tokenpress.codec.model.FloatWeights;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;

/**
 * A training run: language-model pretraining of the decompressor, then off-policy RL of the
 * compressor, with progress lines, periodic validation, checkpoints (resumable) and a final export.
 */
public final class TrainingRun {
    private final TrainingOptions opt;
    private final ProgressLog log;
    private final CheckpointStore store;

    private ParameterSet params;
    private AdamOptimizer adam;
    private long step;
    private double elapsedBefore;
    private long bytesSeen;
    private Double lastValid;
    private boolean rlStarted;

    /** The outcome of a run. */
    public record Summary(long steps, double seconds, double trainBitsPerByte, Double validBitsPerByte, FloatWeights weights) {}

    public TrainingRun(TrainingOptions options) {
        this.opt = options;
        this.log = new ProgressLog(options.logFile());
        this.store = options.checkpointDir() == null ? null : new CheckpointStore(options.checkpointDir());
    }

    /** Runs to the budget; returns the final weights and numbers. */
    public Summary run() throws IOException {
        ByteCorpus data = ByteCorpus.read(opt.data());
        List<byte[]> valid = opt.validation() == null ? List.of() : ByteCorpus.read(opt.validation()).evenChunks(opt.chunkSize(), opt.evalChunks());
        start();
        log.line("run %s: %d data files, %d bytes; %d validation chunks; arch %s; %d params (%d decompressor without cross), step %d",
                opt.name(), data.names().size(), data.totalBytes(), valid.size(), params.config(), params.count(n -> true),
                params.count(DecompressorPass.used(false)), step);
        long startStep = step;
        Random rnd = new Random(opt.seed() * 1_000_003L + step);
        long t0 = System.nanoTime();
        long lastCheckpoint = t0;
        double ema = Double.NaN;
        long bytesAtLog = bytesSeen;
        long tLog = t0;
        CompressorRl rl = null;
        try (NDManager root = NDManager.newBaseManager()) {
            while (!done(t0)) {
                double progress = progress(t0);
                double lr = learningRate(progress);
                boolean rlNow = opt.phase() == TrainingOptions.Phase.RL
                        || (opt.phase() == TrainingOptions.Phase.ALL && progress >= 1 - opt.rlShare() && T5Graph.hasLatent(params.config()));
                double bpb;
                double gnorm;
                String tag;
                if (rlNow) {
                    if (rl == null) {
                        rl = new CompressorRl(params, opt, rnd);
                        rlStarted = true;
                        if (!valid.isEmpty()) {
                            validate(root, valid); // the starting point of the RL phase, latent included
                        }
                        log.line("phase rl: behaviour snapshot every %d steps, %d samples per chunk, importance clip %.2f",
                                opt.behaviourRefresh(), opt.rlSamples(), opt.importanceClip());
                    }
                    CompressorRl.StepStats s = rl.step(root, data, adam, lr, step);
                    bpb = s.decompressorBitsPerByte();
                    gnorm = s.gradNorm();
                    bytesSeen += s.bytes();
                    tag = String.format(java.util.Locale.ROOT, "rl reward/byte %.4f empty %.4f latent-len %.2f vloss %.4f",
                            s.meanRewardPerByte(), s.emptyBitsPerByte(), s.meanLatentLength(), s.valueLoss());
                } else {
                    List<byte[]> chunks = new ArrayList<>();
                    List<int[]> latents = new ArrayList<>();
                    boolean withLatent = T5Graph.hasLatent(params.config()) && rnd.nextDouble() < opt.latentFraction();
                    for (int i = 0; i < opt.batchSize(); i++) {
                        // (no extra draw from rnd without copy sequences: earlier runs stay reproducible)
                        boolean copy = opt.copyFraction() > 0 && rnd.nextDouble() < opt.copyFraction();
                        chunks.add(copy ? data.copySequence(rnd, opt.lmLength()) : data.sample(rnd, opt.lmLength()));
                        latents.add(withLatent ? randomLatent(rnd, params.config()) : new int[0]);
                    }
                    DecompressorPass.Result r = DecompressorPass.run(root, params, chunks, latents, null, true);
                    gnorm = adam.step(params, r.grads(), lr);
                    bpb = r.bitsPerByte();
                    bytesSeen += r.bytes();
                    tag = withLatent ? "lm+latent" : "lm";
                }
                step++;
                ema = Double.isNaN(ema) ? bpb : 0.95 * ema + 0.05 * bpb;
                long now = System.nanoTime();
                if (step % 10 == 0 || step == 1) {
                    double secs = (now - tLog) / 1e9;
                    double rate = (bytesSeen - bytesAtLog) / Math.max(1e-9, secs);
                    log.line("step %d %s bpb %.4f ema %.4f lr %.2e gnorm %.3f bytes/s %.0f elapsed %s eta %s",
                            step, tag, bpb, ema, lr, gnorm, rate, duration(elapsed(t0)), duration(eta(t0)));
                    bytesAtLog = bytesSeen;
                    tLog = now;
                }
                if (!valid.isEmpty() && step % opt.evalEvery() == 0) {
                    validate(root, valid);
                }
                if (store != null && (now - lastCheckpoint) / 60e9 >= opt.checkpointMinutes()) {
                    checkpoint(t0);
                    lastCheckpoint = now;
                }
            }
            if (!valid.isEmpty()) {
                validate(root, valid);
            }
        }
        double trainedSeconds = step > startStep ? elapsed(t0) : elapsedBefore;
        if (store != null && step > startStep) {
            checkpoint(t0);
        }
        FloatWeights weights = params.toWeights();
        if (opt.out() != null) {
            ArtifactWriter.write(weights, opt, valid.isEmpty() ? data.evenChunks(opt.chunkSize(), 16) : valid, lastValid, step,
                    trainedSeconds, log);
        }
        log.line("done: %d steps, %s, train ema %s bits/byte, validation %s bits/byte", step, duration(elapsed(t0)),
                Double.isNaN(ema) ? "-" : String.format(java.util.Locale.ROOT, "%.4f", ema), lastValid == null ? "-" : String.format(java.util.Locale.ROOT, "%.4f", lastValid));
        return new Summary(step, elapsed(t0), ema, lastValid, weights);
    }

    private void start() throws IOException {
        Optional<CheckpointStore.Checkpoint> cp = (opt.resume() && store != null) ? store.newest() : Optional.empty();
        if (cp.isPresent()) {
            params = ParameterSet.fromWeights(cp.get().weights(), opt.seed());
            adam = new AdamOptimizer(params, 0.9, 0.98, 1.0);
            adam.restore(cp.get().optimizer());
            step = cp.get().step();
            elapsedBefore = Double.parseDouble(cp.get().state().getProperty("elapsedSeconds", "0"));
            bytesSeen = Long.parseLong(cp.get().state().getProperty("bytesSeen", "0"));
            log.line("resumed %s from step %d (%.0f s trained)", store.directory(), step, elapsedBefore);
            return;
        }
        if (opt.init() != null) {
            FloatWeights init;
            try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(opt.init()))) {
                init = FloatWeights.read(in);
            }
            // the run's architecture is the one asked for; the weights must fit its tensor shapes
            params = ParameterSet.fromWeights(init, opt.arch(), opt.seed());
            log.line("initialised from %s%s", opt.init(),
                    init.config().equals(opt.arch()) ? "" : " (its architecture: " + init.config() + ")");
        } else {
            params = ParameterSet.initialise(opt.arch(), opt.seed());
        }
        adam = new AdamOptimizer(params, 0.9, 0.98, 1.0);
    }

    /** Float bits per byte of the validation chunks with the empty latent. */
    private double validate(NDManager root, List<byte[]> valid) {
        double bits = 0;
        long bytes = 0;
        for (int i = 0; i < valid.size(); i += opt.batchSize()) {
            List<byte[]> batch = valid.subList(i, Math.min(valid.size(), i + opt.batchSize()));
            List<int[]> empty = new ArrayList<>();
            batch.forEach(b -> empty.add(new int[0]));
            DecompressorPass.Result r = DecompressorPass.run(root, params, batch, empty, null, false);
            for (double b : r.bits()) {
                bits += b;
            }
            bytes += r.bytes();
        }
        lastValid = bits / bytes;
        log.line("valid step %d: %.4f bits/byte (ratio %.2f) over %d chunks, %d bytes", step, lastValid, 8 / lastValid, valid.size(), bytes);
        if (rlStarted) {
            List<byte[]> few = valid.subList(0, Math.min(8, valid.size()));
            LatentEvaluation le = LatentEvaluation.measure(root, params, few, opt.rlSamples(), opt.seed());
            log.line("valid step %d latent: empty %.4f, best of empty/greedy/%d samples %.4f bits/byte (saves %.2f%%), latent chosen for %d of %d chunks",
                    step, le.emptyBits() / le.bytes(), opt.rlSamples(), le.bestBits() / le.bytes(), 100 * le.savedFraction(),
                    le.latentChosen(), le.chunks());
        }
        return lastValid;
    }

    private void checkpoint(long t0) throws IOException {
        Properties p = new Properties();
        p.setProperty("step", Long.toString(step));
        p.setProperty("elapsedSeconds", Double.toString(elapsed(t0)));
        p.setProperty("bytesSeen", Long.toString(bytesSeen));
        if (lastValid != null) {
            p.setProperty("validBitsPerByte", Double.toString(lastValid));
        }
        store.save(step, params.toWeights(), adam.state(params.config(), params), p);
        log.line("checkpoint step %d -> %s", step, store.directory());
    }

    static int[] randomLatent(Random rnd, ArchConfig cfg) {
        int len = 1 + rnd.nextInt(Math.max(1, cfg.maxLatent()));
        int[] c = new int[len];
        for (int i = 0; i < len; i++) {
            c[i] = rnd.nextInt(cfg.latentVocab());
        }
        return c;
    }

    private double elapsed(long t0) {
        return elapsedBefore + (System.nanoTime() - t0) / 1e9;
    }

    private boolean done(long t0) {
        return (opt.minutes() > 0 && elapsed(t0) >= opt.minutes() * 60) || (opt.steps() > 0 && step >= opt.steps());
    }

    private double progress(long t0) {
        double p = 0;
        if (opt.minutes() > 0) {
            p = Math.max(p, elapsed(t0) / (opt.minutes() * 60));
        }
        if (opt.steps() > 0) {
            p = Math.max(p, (double) step / opt.steps());
        }
        return Math.min(1, p);
    }

    private double eta(long t0) {
        double p = progress(t0);
        return p <= 0 ? 0 : elapsed(t0) * (1 - p) / p;
    }

    /** Linear warm-up, then cosine decay to a tenth of the peak over the budget. */
    double learningRate(double progress) {
        double peak = opt.learningRate();
        if (step < opt.warmupSteps()) {
            return peak * (step + 1) / opt.warmupSteps();
        }
        return peak * (0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * Math.min(1, progress))));
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return String.format("%dh%02dm%02ds", s / 3600, (s / 60) % 60, s % 60);
    }

    /** Parameters at the end of {@link #run()} (tests). */
    ParameterSet parameters() {
        return params;
    }

    static Map<String, Long> archMap(ArchConfig c) {
        return c.toMap();
    }
}
