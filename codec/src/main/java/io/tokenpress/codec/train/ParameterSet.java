package io.tokenpress.codec.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.tokenpress.codec.model.ArchConfig;
import io.tokenpress.codec.model.FloatWeights;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;

/**
 * The trainable tensors of a model pair as plain Java arrays (the master copy between training steps),
 * named and shaped as codec/MODEL.md specifies. Each training step copies the tensors it needs into
 * NDArrays of that step's manager, so no native memory outlives a step.
 */
final class ParameterSet {
    private final ArchConfig config;
    private final Map<String, int[]> shapes;
    private final Map<String, float[]> values;

    private ParameterSet(ArchConfig config, Map<String, int[]> shapes, Map<String, float[]> values) {
        this.config = config;
        this.shapes = shapes;
        this.values = values;
    }

    /** Freshly initialised parameters (seeded). */
    static ParameterSet initialise(ArchConfig cfg, long seed) {
        Map<String, int[]> shapes = layout(cfg);
        Map<String, float[]> values = new LinkedHashMap<>();
        Random rnd = new Random(seed);
        int depth = Math.max(1, cfg.decoderLayers() + cfg.encoderLayers());
        for (Map.Entry<String, int[]> e : shapes.entrySet()) {
            String n = e.getKey();
            int[] s = e.getValue();
            float[] v = new float[size(s)];
            if (n.endsWith("norm")) {
                java.util.Arrays.fill(v, 1f);
            } else if (n.endsWith("relbias")) {
                // zeros
            } else if (n.endsWith("embed")) {
                gaussian(rnd, v, 1.0);
            } else if (s.length == 2) {
                double std = 1.0 / Math.sqrt(s[1]);
                if (n.endsWith(".o") || n.endsWith("ffn.out")) {
                    std /= Math.sqrt(2.0 * depth);
                }
                gaussian(rnd, v, std);
            }
            values.put(n, v);
        }
        return new ParameterSet(cfg, shapes, values);
    }

    /** Parameters taken from a checkpoint; tensors the checkpoint lacks are freshly initialised. */
    static ParameterSet fromWeights(FloatWeights w, long seed) {
        return fromWeights(w, w.config(), seed);
    }

    /**
     * Parameters of architecture {@code cfg} taken from {@code w}, which may differ from {@code cfg} only
     * where no tensor shape depends on it (e.g. the window or the relative-position max distance); tensors
     * {@code w} lacks are freshly initialised.
     *
     * @throws IllegalArgumentException naming the first tensor whose shape differs
     */
    static ParameterSet fromWeights(FloatWeights w, ArchConfig cfg, long seed) {
        ParameterSet fresh = initialise(cfg, seed);
        for (Map.Entry<String, FloatWeights.Tensor> e : w.tensors().entrySet()) {
            int[] expected = fresh.shapes.get(e.getKey());
            if (expected != null) {
                if (!java.util.Arrays.equals(expected, e.getValue().shape())) {
                    throw new IllegalArgumentException("tensor " + e.getKey() + " has shape " + java.util.Arrays.toString(e.getValue().shape())
                            + ", the architecture needs " + java.util.Arrays.toString(expected) + " (weights of " + w.config()
                            + ", training " + cfg + ")");
                }
                fresh.values.put(e.getKey(), e.getValue().data().clone());
            }
        }
        return fresh;
    }

    /** Tensor names and shapes of codec/MODEL.md for an architecture (compressor included if it has a latent). */
    static Map<String, int[]> layout(ArchConfig c) {
        Map<String, int[]> s = new LinkedHashMap<>();
        int d = c.dModel();
        int f = c.dFF();
        int h = c.heads();
        int r = c.relBuckets();
        boolean latent = T5Graph.hasLatent(c);
        s.put("dec.embed", new int[] {ArchConfig.DECODER_INPUT_VOCAB, d});
        s.put("dec.relbias", new int[] {h, r});
        for (int i = 0; i < c.decoderLayers(); i++) {
            String l = "dec." + i;
            attention(s, l + ".self", d);
            if (latent) {
                attention(s, l + ".cross", d);
            }
            ffn(s, l + ".ffn", d, f);
        }
        s.put("dec.norm", new int[] {d});
        s.put("dec.out", new int[] {ArchConfig.BYTE_SYMBOLS, d});
        if (latent) {
            s.put("enc.embed", new int[] {c.latentVocab(), d});
            s.put("enc.relbias", new int[] {h, r});
            for (int i = 0; i < c.encoderLayers(); i++) {
                attention(s, "enc." + i + ".self", d);
                ffn(s, "enc." + i + ".ffn", d, f);
            }
            s.put("enc.norm", new int[] {d});
            if (c.compressorLayers() > 0) {
                s.put("cmp.enc.embed", new int[] {ArchConfig.BYTE_SYMBOLS, d});
                s.put("cmp.enc.relbias", new int[] {h, r});
                for (int i = 0; i < c.compressorLayers(); i++) {
                    attention(s, "cmp.enc." + i + ".self", d);
                    ffn(s, "cmp.enc." + i + ".ffn", d, f);
                }
                s.put("cmp.enc.norm", new int[] {d});
                s.put("cmp.dec.embed", new int[] {c.latentVocab() + 1, d});
                s.put("cmp.dec.relbias", new int[] {h, r});
                for (int i = 0; i < c.compressorLayers(); i++) {
                    attention(s, "cmp.dec." + i + ".self", d);
                    attention(s, "cmp.dec." + i + ".cross", d);
                    ffn(s, "cmp.dec." + i + ".ffn", d, f);
                }
                s.put("cmp.dec.norm", new int[] {d});
                s.put("cmp.dec.out", new int[] {c.latentVocab() + 1, d});
                s.put("cmp.value", new int[] {1, d});
            }
        }
        return s;
    }

    private static void attention(Map<String, int[]> s, String prefix, int d) {
        s.put(prefix + ".norm", new int[] {d});
        for (String p : new String[] {"q", "k", "v", "o"}) {
            s.put(prefix + "." + p, new int[] {d, d});
        }
    }

    private static void ffn(Map<String, int[]> s, String prefix, int d, int f) {
        s.put(prefix + ".norm", new int[] {d});
        s.put(prefix + ".in", new int[] {f, d});
        s.put(prefix + ".out", new int[] {d, f});
    }

    private static void gaussian(Random rnd, float[] v, double std) {
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (rnd.nextGaussian() * std);
        }
    }

    static int size(int[] shape) {
        int n = 1;
        for (int x : shape) {
            n *= x;
        }
        return n;
    }

    ArchConfig config() {
        return config;
    }

    List<String> names() {
        return new ArrayList<>(values.keySet());
    }

    float[] values(String name) {
        return values.get(name);
    }

    int[] shape(String name) {
        return shapes.get(name);
    }

    long count(Predicate<String> which) {
        long n = 0;
        for (Map.Entry<String, float[]> e : values.entrySet()) {
            if (which.test(e.getKey())) {
                n += e.getValue().length;
            }
        }
        return n;
    }

    /** NDArrays (in {@code manager}) of the selected tensors, with gradients attached if asked. */
    Map<String, NDArray> toNd(NDManager manager, Predicate<String> which, boolean grad) {
        Map<String, NDArray> m = new LinkedHashMap<>();
        for (Map.Entry<String, float[]> e : values.entrySet()) {
            if (which.test(e.getKey())) {
                int[] s = shapes.get(e.getKey());
                long[] ls = new long[s.length];
                for (int i = 0; i < s.length; i++) {
                    ls[i] = s[i];
                }
                NDArray a = manager.create(e.getValue(), new Shape(ls));
                if (grad) {
                    a.setRequiresGradient(true);
                }
                m.put(e.getKey(), a);
            }
        }
        return m;
    }

    /** A deep copy of the selected tensors' values (e.g. a behaviour-policy snapshot). */
    Map<String, float[]> snapshot(Predicate<String> which) {
        Map<String, float[]> m = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (which.test(k)) {
                m.put(k, v.clone());
            }
        });
        return m;
    }

    /** A parameter set sharing shapes, with the given values overriding this one's (copied). */
    ParameterSet with(Map<String, float[]> override) {
        Map<String, float[]> v = new LinkedHashMap<>();
        values.forEach((k, a) -> v.put(k, override.containsKey(k) ? override.get(k).clone() : a.clone()));
        return new ParameterSet(config, shapes, v);
    }

    /** The weights in the checkpoint/export format. */
    FloatWeights toWeights() {
        Map<String, FloatWeights.Tensor> t = new LinkedHashMap<>();
        values.forEach((k, v) -> t.put(k, new FloatWeights.Tensor(shapes.get(k).clone(), v.clone())));
        return new FloatWeights(config, t);
    }

    /** Tensors of the shape layout, each filled with zeros (optimizer state). */
    Map<String, float[]> zerosLike() {
        Map<String, float[]> m = new LinkedHashMap<>();
        values.forEach((k, v) -> m.put(k, new float[v.length]));
        return m;
    }

    Map<String, int[]> shapes() {
        return shapes;
    }
}
