package io.tokenpress.codec.neural;

import io.tokenpress.codec.model.ArtifactTensor;
import io.tokenpress.codec.model.CorruptModelException;
import io.tokenpress.codec.model.Mixing;
import io.tokenpress.codec.model.ModelArtifact;
import io.tokenpress.schema.ModelManifest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Match mixing of a model artifact (codec/MODEL.md, "Match mixing"): reads and checks the prior of an
 * artifact that mixes, and fits a prior on sample data to make a mixing artifact from any artifact.
 */
public final class MatchMixing {
    private MatchMixing() {}

    /**
     * The checked prior of {@code model}, or null when its tables are not mixed.
     *
     * @throws CorruptModelException if a mixing artifact lacks its prior or the prior is out of range
     */
    static int[] prior(ModelArtifact model) {
        if (!model.matchMixing()) {
            return null;
        }
        ArtifactTensor t = model.tensor(ModelArtifact.MATCH_PRIOR);
        int[] v = t.dtype() == ArtifactTensor.DType.INT32 ? t.ints() : null;
        int cells = cells(model.mixing());
        if (v == null || v.length != cells) {
            throw new CorruptModelException("model " + model.id() + ": " + ModelArtifact.MATCH_PRIOR + " must be "
                    + cells + " int32 values");
        }
        for (int p : v) {
            if (p < 1 || p >= MatchMixer.PROB_ONE) {
                throw new CorruptModelException("model " + model.id() + ": " + ModelArtifact.MATCH_PRIOR + " holds " + p
                        + ", outside 1.." + (MatchMixer.PROB_ONE - 1));
            }
        }
        return v;
    }

    /** Cells of the match prior of {@code stages}. */
    static int cells(Mixing stages) {
        return stages.lines() ? MatchMixer.LINE_CELLS : MatchMixer.CELLS;
    }

    /**
     * How a model's tables are mixed: the match prior, the stages, and the primer (empty: none) with its
     * {@link MatchFinder#primedTable} (null without a primer).
     */
    record Recipe(int[] prior, Mixing stages, byte[] primer, int[] primedTable) {
        /** {@code primer} (may be empty) with {@code stages}. */
        static Recipe primed(int[] prior, Mixing stages, byte[] primer) {
            return new Recipe(prior, stages, primer, primer.length == 0 ? null : MatchFinder.primedTable(primer));
        }

        /** Whether context mixing follows the match mixing. */
        boolean contexts() {
            return stages.contexts();
        }

        /** Whether line contexts are used. */
        boolean lines() {
            return stages.lines();
        }
    }

    /** Largest primer an artifact may carry. */
    public static final int MAX_PRIMER = 1 << 20;

    /**
     * The checked mixing recipe of {@code model}, or null when its tables are not mixed.
     *
     * @throws CorruptModelException if a mixing artifact lacks its prior or the prior is out of range
     */
    static Recipe recipe(ModelArtifact model) {
        int[] prior = prior(model);
        if (prior == null) {
            return null;
        }
        // only context mixing may carry a primer
        return Recipe.primed(prior, model.mixing(), model.contextMixing() ? primer(model) : new byte[0]);
    }

    /**
     * The primer of a context-mixing artifact (codec/MODEL.md, "Primer"), empty when it has none.
     *
     * @throws CorruptModelException if the tensor is not int8 or longer than {@link #MAX_PRIMER}
     */
    public static byte[] primer(ModelArtifact model) {
        ArtifactTensor t = model.tensors().get(ModelArtifact.MATCH_PRIMER);
        if (t == null) {
            return new byte[0];
        }
        if (t.dtype() != ArtifactTensor.DType.INT8 || t.ints().length > MAX_PRIMER) {
            throw new CorruptModelException("model " + model.id() + ": " + ModelArtifact.MATCH_PRIMER + " must be at most "
                    + MAX_PRIMER + " int8 values");
        }
        int[] v = t.ints();
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    /** A mixer for one chunk, or null when {@code recipe} is null (no mixing). */
    static MatchMixer mixer(Recipe recipe, int chunkLength) {
        return recipe == null ? null : new MatchMixer(recipe, chunkLength);
    }

    /** What a fit measured: bits per byte of the fitting chunks without and with the fitted mixing. */
    public record Fit(byte[] artifact, long bytes, double modelBitsPerByte, double mixedBitsPerByte) {}

    /**
     * Fits the prior of match mixing for {@code base}'s decompressor on {@code chunks} (the empirical
     * probability that a match predicts right, per cell, shrunk toward the model's own probability) and
     * returns a new artifact: the same network, recipe {@link ModelArtifact#QUANTIZATION_MATCH_MIXING},
     * the prior, {@code base} as its parent, and a creation time one millisecond after {@code base}'s (so that
     * it is the newest model of its name; two with context mixing, so that it is newer than the match-mixing
     * model of the same base). Deterministic: the same inputs give the same artifact.
     */
    public static Fit fit(ModelArtifact base, List<byte[]> chunks) {
        return fit(base, chunks, base.id(), false);
    }

    /**
     * As {@link #fit(ModelArtifact, List)} with another parent ({@code base}'s own parent where {@code base}
     * is a draft that is never stored: an export, a retrained model), and context mixing after the match
     * mixing where {@code contexts} is set (recipe {@link ModelArtifact#QUANTIZATION_CONTEXT_MIXING}).
     */
    public static Fit fit(ModelArtifact base, List<byte[]> chunks, String parentId, boolean contexts) {
        return fit(base, chunks, parentId, contexts, new byte[0]);
    }

    /**
     * As {@link #fit(ModelArtifact, List, String, boolean)} with a primer (codec/MODEL.md, "Primer"): bytes
     * like the data the model will code, searched for matches before the chunk itself. Needs context
     * mixing; an empty primer adds none.
     */
    public static Fit fit(ModelArtifact base, List<byte[]> chunks, String parentId, boolean contexts, byte[] primer) {
        return fit(base, chunks, parentId, contexts ? Mixing.CONTEXTS : Mixing.MATCH, primer);
    }

    /**
     * As {@link #fit(ModelArtifact, List, String, boolean, byte[])} with the given stages: {@link Mixing#LINES}
     * also uses line contexts (codec/MODEL.md, "Line contexts"; recipe {@link ModelArtifact#QUANTIZATION_LINE_MIXING}).
     */
    public static Fit fit(ModelArtifact base, List<byte[]> chunks, String parentId, Mixing stages, byte[] primer) {
        boolean contexts = stages.contexts();
        if (chunks.isEmpty()) {
            throw new IllegalArgumentException("match mixing needs sample chunks to fit its prior on");
        }
        if (primer.length > 0 && !contexts) {
            throw new IllegalArgumentException("a primer needs context mixing");
        }
        if (primer.length > MAX_PRIMER) {
            throw new IllegalArgumentException("a primer holds at most " + MAX_PRIMER + " bytes, not " + primer.length);
        }
        int cells = cells(stages);
        int[] neutral = MatchMixer.neutralPrior(cells);
        // the cells count the match finder's hits as the coder will see them: primer (and recovery) included; the
        // refiner and blender do not change them, so they are left out where they can be
        Recipe counting = Recipe.primed(neutral, stages.lines() ? Mixing.LINES : Mixing.MATCH, primer);
        long[] hits = new long[cells];
        long[] seen = new long[cells];
        long bytes = 0;
        try (DecompressorBackend backend = new JavaDecompressorBackend(base)) {
            for (byte[] c : chunks) {
                MatchMixer mix = new MatchMixer(counting, c.length);
                backend.evaluate(new int[0], c, (t, cum) -> {
                    mix.table(cum, c, t);
                    int cell = mix.lastCell();
                    if (cell >= 0) {
                        seen[cell]++;
                        if ((c[t] & 0xFF) == mix.lastPredicted()) {
                            hits[cell]++;
                        }
                    }
                    mix.update(c, t);
                });
                bytes += c.length;
            }
            int[] prior = new int[cells];
            for (int i = 0; i < prior.length; i++) {
                // shrunk toward the neutral value with the weight of a few observations
                double p = (hits[i] * (double) MatchMixer.PROB_ONE + SHRINK * neutral[i]) / (seen[i] + SHRINK);
                prior[i] = (int) Math.max(1, Math.min(MatchMixer.PROB_ONE - 1, Math.round(p)));
            }
            double[] bits = bitsPerByte(backend, Recipe.primed(prior, stages, primer), chunks);
            Map<String, Double> metrics = new LinkedHashMap<>(base.manifest().getMetrics());
            metrics.put("matchFitBytes", (double) bytes);
            metrics.put("matchFitModelBitsPerByte", bits[0]);
            metrics.put("matchFitMixedBitsPerByte", bits[1]);
            ModelManifest m = base.manifest();
            ModelManifest mixed = ModelManifest.newBuilder(m)
                    .setModelId("")
                    .setParentId(parentId)
                    // one (two with context mixing, three with line contexts) milliseconds after its base: the newest
                    // of its name, and still deterministic
                    .setCreatedAt(m.getCreatedAt() + 1 + stages.ordinal())
                    .setQuantization(stages.quantization())
                    .setMetrics(metrics)
                    .setTrainingData(m.getTrainingData() + "matchPrior=fitted on " + bytes + " bytes in " + chunks.size()
                            + " chunks\n" + (primer.length == 0 ? "" : "primer=" + primer.length + " bytes\n"))
                    .build();
            List<ArtifactTensor> tensors = new ArrayList<>();
            for (ArtifactTensor t : base.tensors().values()) {
                if (!t.name().equals(ModelArtifact.MATCH_PRIOR) && !t.name().equals(ModelArtifact.MATCH_PRIMER)) {
                    tensors.add(t);
                }
            }
            tensors.add(ArtifactTensor.ofInts(ModelArtifact.MATCH_PRIOR, ArtifactTensor.DType.INT32,
                    new int[] {cells / MatchMixer.PROBABILITY_BUCKETS, MatchMixer.PROBABILITY_BUCKETS}, prior));
            if (primer.length > 0) {
                int[] values = new int[primer.length];
                for (int i = 0; i < primer.length; i++) {
                    values[i] = primer[i];
                }
                tensors.add(ArtifactTensor.ofInts(ModelArtifact.MATCH_PRIMER, ArtifactTensor.DType.INT8,
                        new int[] {primer.length}, values));
            }
            return new Fit(ModelArtifact.write(mixed, tensors), bytes, bits[0], bits[1]);
        }
    }

    /** Observations a neutral cell value counts as when a prior is fitted. */
    private static final double SHRINK = 4.0;

    /** Bits per byte of {@code chunks}: [model alone, mixed by {@code recipe}]. */
    static double[] bitsPerByte(DecompressorBackend backend, Recipe recipe, List<byte[]> chunks) {
        double[] bits = new double[2];
        long n = 0;
        for (byte[] c : chunks) {
            MatchMixer mix = mixer(recipe, c.length);
            backend.evaluate(new int[0], c, (t, cum) -> {
                int s = c[t] & 0xFF;
                bits[0] -= Math.log((cum[s + 1] - cum[s]) / (double) cum[256]);
                int[] mixed = mix.table(cum, c, t);
                bits[1] -= Math.log((mixed[s + 1] - mixed[s]) / (double) mixed[256]);
                mix.update(c, t);
            });
            n += c.length;
        }
        double scale = 1 / (Math.log(2) * Math.max(1, n));
        return new double[] {bits[0] * scale, bits[1] * scale};
    }
}
