package io.tokenpress.processor.retrain;

import io.tokenpress.codec.CodedBlock;
import io.tokenpress.codec.ChunkEncoder;
import io.tokenpress.codec.ModelIds;
import io.tokenpress.codec.model.FloatWeights;
import io.tokenpress.codec.model.IntegerBits;
import io.tokenpress.codec.model.ModelArtifact;
import io.tokenpress.codec.model.ModelExporter;
import io.tokenpress.codec.neural.MatchMixing;
import io.tokenpress.codec.neural.NeuralCodecs;
import io.tokenpress.codec.neural.NeuralOptions;
import io.tokenpress.codec.store.ModelStores;
import io.tokenpress.codec.train.FeedbackTrainer;
import io.tokenpress.codec.train.LatentCost;
import io.tokenpress.codec.train.SampleChunks;
import io.tokenpress.processor.models.ArtifactDequantizer;
import io.tokenpress.processor.models.ModelCatalog;
import io.tokenpress.schema.FeedbackEvent;
import io.tokenpress.schema.ModelManifest;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code tokenpress retrain}: turns the feedback log into a new model version.
 * <ol>
 *   <li>reads the feedback events and keeps those that carry a sampled chunk;
 *   <li>holds a deterministic share of them back (by partition and offset);
 *   <li>starts from the parent model's float weights and trains on the rest with
 *       {@link FeedbackTrainer}: maximum likelihood for the decompressor, off-policy RL with clipped
 *       importance weights on the logged latents and behaviour log-probabilities for the compressor;
 *   <li>quantizes and exports the result ({@link ModelExporter}), its parent recorded in the manifest;
 *   <li>codes the held-back chunks with the parent and with the new model, as the processor would, and
 *       records both bits per byte in the new model's manifest;
 *   <li>adds the model (and its float weights) to the local directory and the model topic, and promotes
 *       it only if it is better on the held-back chunks, or when forced.
 * </ol>
 */
public final class RetrainJob {
    private final ModelCatalog catalog;
    private final PrintStream progress;
    private final NeuralOptions codingOptions;

    /**
     * @param catalog where the parent is found and the new model is stored and promoted
     * @param progress where progress lines go
     */
    public RetrainJob(ModelCatalog catalog, PrintStream progress) {
        this.catalog = catalog;
        this.progress = progress;
        this.codingOptions = NeuralOptions.defaults().withSamples(0);
    }

    /** Reads the feedback topic and retrains. */
    public RetrainReport run(Map<String, Object> clientProperties, RetrainOptions opt) {
        List<FeedbackEvent> events = FeedbackLog.read(clientProperties, opt.feedbackTopic(), opt.fromOffset(), opt.maxEvents());
        progress.printf("read %,d feedback events from '%s'%n", events.size(), opt.feedbackTopic());
        return run(events, opt);
    }

    /**
     * Retrains on events already read.
     *
     * @throws RetrainException if there are too few sampled chunks or no float weights to start from
     */
    public RetrainReport run(List<FeedbackEvent> events, RetrainOptions opt) {
        List<FeedbackEvent> sampled = new ArrayList<>();
        for (FeedbackEvent e : events) {
            if (e.getSample() != null && e.getSample().remaining() > 0) {
                sampled.add(e);
            }
        }
        if (sampled.size() < 2) {
            throw new RetrainException("the feedback holds " + sampled.size() + " sampled chunks (of " + events.size()
                    + " events); retraining needs at least 2: run the processor with feedback.sample.rate > 0");
        }
        ModelArtifact parent = parent(opt, sampled);
        FloatWeights start = startWeights(opt, parent);
        List<FeedbackTrainer.Sample> train = new ArrayList<>();
        List<byte[]> heldOut = new ArrayList<>();
        for (FeedbackEvent e : sampled) {
            byte[] data = bytes(e.getSample());
            if (heldBack(e, opt.heldOutShare())) {
                heldOut.add(data);
            } else {
                train.add(sample(e, data, parent));
            }
        }
        if (heldOut.isEmpty()) {
            heldOut.add(train.remove(train.size() - 1).chunk());
        }
        if (train.isEmpty()) {
            train.add(new FeedbackTrainer.Sample(heldOut.get(0), new int[0], 0));
        }
        progress.printf("retraining %s (%s) on %d sampled chunks, %d held back, %d steps%n", shortId(parent.id()), parent.name(),
                train.size(), heldOut.size(), opt.training().steps());
        FeedbackTrainer.Result result = FeedbackTrainer.train(start, train, opt.training(), (step, reward, bpb) ->
                progress.printf(Locale.ROOT, "  step %d: mean reward/byte %.4f, decompressor %.4f bits/byte%n", step, reward, bpb));

        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put("trainer", "tokenpress retrain (feedback: decompressor ML, compressor off-policy RL)");
        provenance.put("parent", parent.id());
        provenance.put("feedbackTopic", opt.feedbackTopic());
        provenance.put("feedbackFromOffset", Long.toString(opt.fromOffset()));
        provenance.put("samples", Integer.toString(train.size()));
        provenance.put("steps", Integer.toString(result.steps()));
        List<byte[]> calibration = new ArrayList<>();
        for (int i = 0; i < Math.min(16, train.size()); i++) {
            calibration.add(train.get(i).chunk());
        }
        ModelArtifact draft = ModelArtifact.load(ModelExporter.export(result.weights(), parent.name(), parent.id(), provenance, calibration));
        if (parent.matchMixing()) {
            // the child keeps its parent's recipe; its match-mixing prior is fitted anew, on the training samples
            List<byte[]> chunks = new ArrayList<>();
            train.forEach(s -> chunks.add(s.chunk()));
            draft = mix(draft, parent, chunks, heldOut, opt.primer());
        }

        double oldCoded = codedBitsPerByte(parent, heldOut);
        double newCoded = codedBitsPerByte(draft, heldOut);
        double oldNeural = IntegerBits.bitsPerByte(parent, heldOut);
        double newNeural = IntegerBits.bitsPerByte(draft, heldOut);
        boolean better = newCoded < oldCoded - 1e-9 || (Math.abs(newCoded - oldCoded) <= 1e-9 && newNeural < oldNeural);

        ModelManifest manifest = draft.manifest();
        Map<String, Double> metrics = new LinkedHashMap<>(manifest.getMetrics());
        metrics.put("feedbackHeldOutBitsPerByte", newCoded);
        metrics.put("parentFeedbackHeldOutBitsPerByte", oldCoded);
        metrics.put("feedbackHeldOutNeuralBitsPerByte", newNeural);
        metrics.put("parentFeedbackHeldOutNeuralBitsPerByte", oldNeural);
        metrics.put("feedbackMeanRewardBefore", result.meanRewardBefore());
        metrics.put("feedbackMeanRewardAfter", result.meanRewardAfter());
        manifest.setMetrics(metrics);
        byte[] finalBytes = ModelArtifact.write(manifest, draft.tensors().values());
        ModelArtifact model = catalog.add(finalBytes, result.weights());

        boolean promote = opt.promote() && (better || opt.force());
        String decision;
        if (promote) {
            catalog.pointer().promote(model.id());
            decision = better ? "promoted: better on the held-back chunks" : "promoted although not better (--force)";
        } else if (!opt.promote()) {
            decision = "not promoted (--no-promote); promote with: tokenpress models promote " + model.id();
        } else {
            decision = "NOT promoted: not better on the held-back chunks (use --force to promote anyway)";
        }
        progress.printf(Locale.ROOT, "held-back chunks: old %.4f, new %.4f bits/byte coded (neural alone: %.4f -> %.4f)%n",
                oldCoded, newCoded, oldNeural, newNeural);
        return new RetrainReport(parent.id(), model.id(), sampled.size(), train.size(), heldOut.size(), oldCoded, newCoded,
                result.meanRewardBefore(), result.meanRewardAfter(), promote, decision);
    }

    private ModelArtifact parent(RetrainOptions opt, List<FeedbackEvent> sampled) {
        if (opt.parent() != null && !opt.parent().isBlank()) {
            return ModelStores.resolve(opt.parent(), catalog.source());
        }
        Optional<String> active = catalog.pointer().activeId();
        if (active.isPresent()) {
            return ModelStores.require(catalog.source(), ModelIds.fromHex(active.get()));
        }
        Map<String, Integer> counts = new HashMap<>();
        for (FeedbackEvent e : sampled) {
            String id = e.getModelId();
            if (!id.isEmpty()) {
                counts.merge(id, 1, Integer::sum);
            }
        }
        String id = counts.entrySet().stream().max(Map.Entry.comparingByValue(Comparator.naturalOrder()))
                .map(Map.Entry::getKey)
                .orElseThrow(() -> new RetrainException("no model to retrain: name one with --model, promote one, or"
                        + " log feedback from chunks written by a neural model"));
        return ModelStores.require(catalog.source(), ModelIds.fromHex(id));
    }

    private FloatWeights startWeights(RetrainOptions opt, ModelArtifact parent) {
        if (opt.init() != null) {
            try (InputStream in = Files.newInputStream(opt.init())) {
                FloatWeights w = FloatWeights.read(in);
                if (!w.config().equals(parent.config())) {
                    throw new RetrainException("float weights " + opt.init() + " have architecture " + w.config()
                            + ", model " + parent.id() + " has " + parent.config());
                }
                return w;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + opt.init(), e);
            }
        }
        Optional<FloatWeights> stored = catalog.floatWeights(parent);
        if (stored.isPresent()) {
            return stored.get();
        }
        progress.printf("model %s has no float weights in %s: starting from its dequantized integers%n", shortId(parent.id()),
                catalog.describeWeightStores(parent));
        return ArtifactDequantizer.dequantize(parent);
    }

    /** The logged latent is used only with the model that chose it; other chunks train with the empty latent. */
    private static FeedbackTrainer.Sample sample(FeedbackEvent e, byte[] data, ModelArtifact parent) {
        if (!parent.id().equals(e.getModelId())) {
            return new FeedbackTrainer.Sample(data, new int[0], 0.0);
        }
        int[] latent = e.getSampleLatent().stream().mapToInt(Integer::intValue).toArray();
        return new FeedbackTrainer.Sample(data, latent, e.getSampleLatentLogProb());
    }

    /** Coded size in bits per byte of {@code chunks} as the processor's encoder writes them with {@code model}. */
    /**
     * The mixing child of {@code network}: the parent's recipe, a prior fitted on {@code chunks}, and the primer
     * {@code primer} asks for (with context mixing only); with {@link RetrainOptions#PRIMER_AUTO}, whichever of
     * the parent's primer and one sampled from {@code chunks} codes {@code heldOut} smaller.
     */
    private ModelArtifact mix(ModelArtifact network, ModelArtifact parent, List<byte[]> chunks, List<byte[]> heldOut, int primer) {
        byte[] kept = MatchMixing.primer(parent);
        List<byte[]> primers = new ArrayList<>();
        if (!parent.contextMixing() || primer == RetrainOptions.PRIMER_KEEP) {
            primers.add(kept);
        } else if (primer == RetrainOptions.PRIMER_AUTO) {
            primers.add(kept);
            primers.add(SampleChunks.primer(chunks, RetrainOptions.AUTO_PRIMER_BYTES));
        } else {
            primers.add(SampleChunks.primer(chunks, primer));
        }
        ModelArtifact best = null;
        double bestBits = Double.POSITIVE_INFINITY;
        for (byte[] p : primers) {
            ModelArtifact child = ModelArtifact.load(MatchMixing.fit(network, chunks, parent.id(), parent.mixing(), p)
                    .artifact());
            if (primers.size() == 1) {
                return child;
            }
            double bits = codedBitsPerByte(child, heldOut);
            progress.printf(Locale.ROOT, "  primer %s (%,d bytes): %.4f bits/byte on the held-back chunks%n",
                    p == kept ? "of the parent" : "from the feedback", p.length, bits);
            if (bits < bestBits) {
                best = child;
                bestBits = bits;
            }
        }
        return best;
    }

    double codedBitsPerByte(ModelArtifact model, List<byte[]> chunks) {
        long bytes = 0;
        double bits = 0;
        try (ChunkEncoder enc = NeuralCodecs.encoder(model, codingOptions)) {
            for (byte[] c : chunks) {
                CodedBlock b = enc.encode(c);
                bits += 8.0 * b.payloadLength() + LatentCost.bits(b.latentTokens());
                bytes += c.length;
            }
        }
        return bits / Math.max(1, bytes);
    }

    /** Deterministic hold-out by partition and first offset. */
    static boolean heldBack(FeedbackEvent e, double share) {
        long z = ((long) e.getPartition() << 40) ^ e.getFirstOffset() ^ 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
        z ^= z >>> 33;
        return (z >>> 11) * 0x1.0p-53 < share;
    }

    private static byte[] bytes(ByteBuffer b) {
        ByteBuffer d = b.duplicate();
        byte[] out = new byte[d.remaining()];
        d.get(out);
        return out;
    }

    private static String shortId(String id) {
        return id.substring(0, Math.min(16, id.length()));
    }
}
