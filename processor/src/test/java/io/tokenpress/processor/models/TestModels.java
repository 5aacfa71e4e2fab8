package io.tokenpress.processor.models;

import io.tokenpress.codec.model.ArchConfig;
import io.tokenpress.codec.model.FloatWeights;
import io.tokenpress.codec.model.ModelExporter;
import io.tokenpress.codec.model.RandomWeights;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Small models for tests, built without training. A "unigram" model has every layer zeroed and an
 * output layer that puts almost all probability on the letters of an alphabet, so on random text over
 * that alphabet it codes close to {@code log2(alphabet size)} bits per byte: better than zstd, so the
 * processor really writes neural chunks with it.
 */
public final class TestModels {
    /** No latent, one decoder layer: fast to evaluate. */
    public static final ArchConfig PLAIN = new ArchConfig(32, 2, 64, 0, 1, 32, 16, 64, 0, 0, 0);

    private TestModels() {}

    /** Random text over {@code alphabet}: {@code n} bytes, seeded. */
    public static byte[] text(String alphabet, int n, long seed) {
        Random r = new Random(seed);
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) alphabet.charAt(r.nextInt(alphabet.length()));
        }
        return b;
    }

    /** Float weights of a unigram model over {@code alphabet}; {@code strength} sets the logit gap (e.g. 10). */
    public static FloatWeights unigram(ArchConfig cfg, String alphabet, float strength) {
        FloatWeights base = RandomWeights.create(cfg, 7);
        Map<String, FloatWeights.Tensor> t = new LinkedHashMap<>();
        int d = cfg.dModel();
        for (Map.Entry<String, FloatWeights.Tensor> e : base.tensors().entrySet()) {
            String n = e.getKey();
            float[] v = e.getValue().data().clone();
            if (n.equals("dec.embed")) {
                for (int row = 0; row < v.length / d; row++) {
                    Arrays.fill(v, row * d, row * d + d, 0f);
                    v[row * d] = 1f; // every input token maps to the unit vector e0
                }
            } else if (n.equals("dec.out")) {
                Arrays.fill(v, 0f);
                for (byte c : alphabet.getBytes(StandardCharsets.US_ASCII)) {
                    v[(c & 0xFF) * d] = strength;
                }
            } else if (n.startsWith("dec.") && !n.endsWith("norm") && !n.equals("dec.relbias")) {
                Arrays.fill(v, 0f); // layers contribute nothing
            }
            t.put(n, new FloatWeights.Tensor(e.getValue().shape(), v));
        }
        return new FloatWeights(cfg, t);
    }

    /** The exported artifact bytes of {@code weights} (calibrated on text over {@code alphabet}). */
    public static byte[] export(FloatWeights weights, String name, String parent, String alphabet) {
        return ModelExporter.export(weights, name, parent, Map.of("createdAt", "1"), List.of(text(alphabet, 2048, 1)));
    }
}
