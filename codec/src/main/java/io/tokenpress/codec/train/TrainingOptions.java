package io.tokenpress.codec.train;

import io.tokenpress.codec.model.ArchConfig;
import java.nio.file.Path;

/**
 * Everything a training run needs. Immutable; built by {@code tokenpress train} or by tests.
 *
 * @param name model name (text, json, logs, general, ...): names the log, checkpoints and artifact
 * @param data training files (comma-separated paths or globs, {@code !path} excludes)
 * @param validation validation files in the same syntax, or null for none
 * @param arch model architecture (ignored when resuming: the checkpoint's wins)
 * @param chunkSize the chunk size the model will code: validation and RL chunks
 * @param trainLength bytes per language-model training sequence (0 = chunkSize); shorter sequences
 *     give more updates per second, and cost little accuracy while they are much longer than the window
 * @param batchSize chunks per step
 * @param learningRate peak learning rate
 * @param warmupSteps linear warm-up steps
 * @param minutes training time budget in minutes over all runs of this name (0 = use steps)
 * @param steps step budget (0 = use minutes)
 * @param phase which training phases to run
 * @param rlShare share of the budget given to reinforcement learning when {@code phase == ALL}
 * @param latentFraction share of LM steps that use short random latents
 * @param rlSamples latent samples per chunk in an RL step
 * @param rlBatch chunks per RL step (each is decoded {@code rlSamples + 1} times)
 * @param importanceClip upper clip of the importance weight pi/mu
 * @param behaviourRefresh steps between refreshes of the behaviour-policy snapshot
 * @param checkpointDir where checkpoints go (null = none)
 * @param logFile where progress lines go (null = standard output only)
 * @param out where the exported artifact (or float weights) goes (null = none)
 * @param resume continue from the newest checkpoint if there is one
 * @param seed random seed
 * @param checkpointMinutes minutes between checkpoints
 * @param evalEvery steps between validation passes
 * @param evalChunks validation chunks per pass
 * @param init float weights to start from (null = fresh), e.g. a pretrained model for fine-tuning
 * @param copyFraction share of language-model sequences that are copy sequences ({@link ByteCorpus#copySequence}):
 *     fragments of the training data recombined so that most of the sequence repeats what came before,
 *     which teaches the decoder to copy from its window (in-context copying that real data alone does not
 *     force when it can be memorised)
 */
public record TrainingOptions(
        String name,
        String data,
        String validation,
        ArchConfig arch,
        int chunkSize,
        int trainLength,
        int batchSize,
        double learningRate,
        int warmupSteps,
        double minutes,
        long steps,
        Phase phase,
        double rlShare,
        double latentFraction,
        int rlSamples,
        int rlBatch,
        double importanceClip,
        int behaviourRefresh,
        Path checkpointDir,
        Path logFile,
        Path out,
        boolean resume,
        long seed,
        double checkpointMinutes,
        int evalEvery,
        int evalChunks,
        Path init,
        double copyFraction) {

    /** Training phases. */
    public enum Phase {
        /** Decompressor pretraining as a byte language model. */
        LM,
        /** Off-policy RL of the compressor, decompressor by maximum likelihood on the same samples. */
        RL,
        /** LM, then RL for the last {@code rlShare} of the budget. */
        ALL
    }

    public TrainingOptions {
        if (name == null || name.isBlank() || !name.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("model name must be letters, digits, '.', '_' or '-': " + name);
        }
        if (chunkSize <= 0 || batchSize <= 0 || trainLength < 0) {
            throw new IllegalArgumentException("chunk size and batch size must be positive");
        }
        if (minutes <= 0 && steps <= 0) {
            throw new IllegalArgumentException("give a time budget (minutes) or a step budget");
        }
        if (rlShare < 0 || rlShare > 1 || latentFraction < 0 || latentFraction > 1) {
            throw new IllegalArgumentException("rlShare and latentFraction must lie in [0, 1]");
        }
        if (rlSamples < 1 || rlBatch < 1 || importanceClip <= 0 || behaviourRefresh < 1) {
            throw new IllegalArgumentException("rlSamples, importanceClip and behaviourRefresh must be positive");
        }
        if (copyFraction < 0 || copyFraction > 1) {
            throw new IllegalArgumentException("copyFraction must lie in [0, 1]");
        }
    }

    public TrainingOptions withCopyFraction(double f) {
        return new TrainingOptions(name, data, validation, arch, chunkSize, trainLength, batchSize, learningRate, warmupSteps, minutes, steps,
                phase, rlShare, latentFraction, rlSamples, rlBatch, importanceClip, behaviourRefresh, checkpointDir, logFile, out, resume,
                seed, checkpointMinutes, evalEvery, evalChunks, init, f);
    }

    /** Defaults for a named run on the given data (tests and the CLI start here). */
    public static TrainingOptions defaults(String name, String data, ArchConfig arch) {
        return new TrainingOptions(name, data, null, arch, 4096, 0, 4, 2e-3, 200, 0, 100, Phase.LM, 0.25, 0.1, 3, 2, 2.0, 20,
                null, null, null, false, 1, 5, 500, 32, null, 0);
    }

    public TrainingOptions withBudget(double minutes, long steps) {
        return new TrainingOptions(name, data, validation, arch, chunkSize, trainLength, batchSize, learningRate, warmupSteps, minutes, steps,
                phase, rlShare, latentFraction, rlSamples, rlBatch, importanceClip, behaviourRefresh, checkpointDir, logFile, out, resume,
                seed, checkpointMinutes, evalEvery, evalChunks, init, copyFraction);
    }

    public TrainingOptions withPhase(Phase phase) {
        return new TrainingOptions(name, data, validation, arch, chunkSize, trainLength, batchSize, learningRate, warmupSteps, minutes, steps,
                phase, rlShare, latentFraction, rlSamples, rlBatch, importanceClip, behaviourRefresh, checkpointDir, logFile, out, resume,
                seed, checkpointMinutes, evalEvery, evalChunks, init, copyFraction);
    }

    /** Bytes per LM training sequence (0 = the chunk size). */
    public TrainingOptions withTrainLength(int trainLength) {
        return new TrainingOptions(name, data, validation, arch, chunkSize, trainLength, batchSize, learningRate, warmupSteps, minutes, steps,
                phase, rlShare, latentFraction, rlSamples, rlBatch, importanceClip, behaviourRefresh, checkpointDir, logFile, out, resume,
                seed, checkpointMinutes, evalEvery, evalChunks, init, copyFraction);
    }

    /** Length of the LM training sequences. */
    public int lmLength() {
        return trainLength > 0 ? trainLength : chunkSize;
    }

    public TrainingOptions withShape(int chunkSize, int batchSize, double learningRate, int warmupSteps) {
        return new TrainingOptions(name, data, validation, arch, chunkSize, trainLength, batchSize, learningRate, warmupSteps, minutes, steps,
                phase, rlShare, latentFraction, rlSamples, rlBatch, importanceClip, behaviourRefresh, checkpointDir, logFile, out, resume,
                seed, checkpointMinutes, evalEvery, evalChunks, init, copyFraction);
    }

    public TrainingOptions withFiles(String validation, Path checkpointDir, Path logFile, Path out, boolean resume, Path init) {
        return new TrainingOptions(name, data, validation, arch, chunkSize, trainLength, batchSize, learningRate, warmupSteps, minutes, steps,
                phase, rlShare, latentFraction, rlSamples, rlBatch, importanceClip, behaviourRefresh, checkpointDir, logFile, out, resume,
                seed, checkpointMinutes, evalEvery, evalChunks, init, copyFraction);
    }

    public TrainingOptions withRl(double rlShare, double latentFraction, int rlSamples, int rlBatch, double importanceClip, int behaviourRefresh) {
        return new TrainingOptions(name, data, validation, arch, chunkSize, trainLength, batchSize, learningRate, warmupSteps, minutes, steps,
                phase, rlShare, latentFraction, rlSamples, rlBatch, importanceClip, behaviourRefresh, checkpointDir, logFile, out, resume,
                seed, checkpointMinutes, evalEvery, evalChunks, init, copyFraction);
    }

    public TrainingOptions withSchedule(long seed, double checkpointMinutes, int evalEvery, int evalChunks) {
        return new TrainingOptions(name, data, validation, arch, chunkSize, trainLength, batchSize, learningRate, warmupSteps, minutes, steps,
                phase, rlShare, latentFraction, rlSamples, rlBatch, importanceClip, behaviourRefresh, checkpointDir, logFile, out, resume,
                seed, checkpointMinutes, evalEvery, evalChunks, init, copyFraction);
    }
}
