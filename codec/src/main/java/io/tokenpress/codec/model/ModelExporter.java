package io.tokenpress.codec.model;

import io.tokenpress.schema.ModelManifest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Turns trained float weights into a model artifact: post-training quantization to the integer recipe
 * of codec/MODEL.md, with activation scales calibrated on sample chunks.
 *
 * <p>Calibration runs the float decompressor over every calibration chunk with the empty latent, and
 * (for models with a latent encoder) again with a pseudo-random latent, recording the largest magnitude
 * at every quantization point. The manifest's metrics then report the float and the integer bits per
 * byte on the same chunks ({@code floatBitsPerByte}, {@code intBitsPerByte}, empty latent).
 */
public final class ModelExporter {
    private ModelExporter() {}

    /** A chunk used when no calibration chunks are given: text-like bytes and every byte value. */
    private static final byte[] DEFAULT_CALIBRATION = defaultCalibration();

    /**
     * Quantizes, calibrates and serializes a model.
     *
     * @param weights float weights with the tensors of codec/MODEL.md
     * @param name human name of the model (e.g. {@code json})
     * @param parentId hex id of the model this one was retrained from, or null
     * @param provenance free-form training provenance (data, steps, ...), stored in the manifest's
     *     {@code trainingData} as sorted {@code key=value} lines; a {@code createdAt} entry (epoch millis)
     *     fixes the creation time (else: now)
     * @param calibrationChunks sample data for the activation ranges and the metrics; may be empty
     * @return the artifact bytes (load them with {@link ModelArtifact#load})
     * @throws IllegalArgumentException if a tensor is missing or of the wrong shape
     */
    public static byte[] export(
            FloatWeights weights,
            String name,
            String parentId,
            Map<String, String> provenance,
            List<byte[]> calibrationChunks) {
        List<byte[]> chunks = new ArrayList<>();
        for (byte[] c : calibrationChunks) {
            if (c.length > 0) {
                chunks.add(c);
            }
        }
        if (chunks.isEmpty()) {
            chunks.add(DEFAULT_CALIBRATION);
        }
        ArchConfig cfg = weights.config();
        FloatReference ref = new FloatReference(weights);
        Map<String, Double> maxAbs = calibrate(ref, cfg, chunks);
        List<ArtifactTensor> tensors = new ArrayList<>(new Quantizer(weights, maxAbs).quantize());
        for (Map.Entry<String, FloatWeights.Tensor> e : weights.tensors().entrySet()) {
            if (e.getKey().startsWith("cmp.")) {
                tensors.add(ArtifactTensor.ofFloats(e.getKey(), e.getValue().shape(), e.getValue().data()));
            }
        }
        long bytes = chunks.stream().mapToLong(c -> c.length).sum();
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("floatBitsPerByte", ref.bitsPerByte(chunks));
        metrics.put("calibrationBytes", (double) bytes);
        Map<String, String> prov = provenance == null ? Map.of() : provenance;
        long createdAt = prov.containsKey("createdAt") ? Long.parseLong(prov.get("createdAt")) : System.currentTimeMillis();
        StringBuilder training = new StringBuilder();
        new TreeMap<>(prov).forEach((k, v) -> training.append(k).append('=').append(v).append('\n'));
        ModelManifest.Builder mb = ModelManifest.newBuilder()
                .setFormatVersion(ModelArtifact.FORMAT_VERSION)
                .setModelId("")
                .setName(name)
                .setParentId(parentId)
                .setArchitecture(new LinkedHashMap<>(cfg.toMap()))
                .setTokenizer("bytes")
                .setQuantization(ModelArtifact.QUANTIZATION)
                .setCreatedAt(createdAt)
                .setTrainingData(training.toString());
        byte[] draft = ModelArtifact.write(mb.setMetrics(new LinkedHashMap<>(metrics)).build(), tensors);
        metrics.put("intBitsPerByte", IntegerBits.bitsPerByte(ModelArtifact.load(draft), chunks));
        return ModelArtifact.write(mb.setMetrics(new LinkedHashMap<>(metrics)).build(), tensors);
    }

    static Map<String, Double> calibrate(FloatReference ref, ArchConfig cfg, List<byte[]> chunks) {
        Map<String, Double> maxAbs = new HashMap<>();
        FloatReference.Observer obs = (point, values) -> {
            double m = 0;
            for (float v : values) {
                m = Math.max(m, Math.abs(v));
            }
            maxAbs.merge(point, m, Math::max);
        };
        boolean latent = cfg.encoderLayers() > 0 && cfg.latentVocab() > 0 && cfg.maxLatent() > 0;
        Random rnd = new Random(42);
        for (byte[] chunk : chunks) {
            ref.decoderLogits(new int[0], chunk, obs);
            if (latent) {
                int[] c = new int[Math.max(1, Math.min(cfg.maxLatent(), 8))];
                for (int i = 0; i < c.length; i++) {
                    c[i] = rnd.nextInt(cfg.latentVocab());
                }
                ref.decoderLogits(c, chunk, obs);
            }
        }
        return maxAbs;
    }

    private static byte[] defaultCalibration() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            sb.append("{\"id\":").append(i * 7919 % 1000).append(",\"name\":\"the quick brown fox\",\"ok\":true}\n");
        }
        byte[] text = sb.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[text.length + 256];
        System.arraycopy(text, 0, all, 0, text.length);
        for (int i = 0; i < 256; i++) {
            all[text.length + i] = (byte) i;
        }
        return all;
    }
}
