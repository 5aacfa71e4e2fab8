package io.tokenpress.codec.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Float weights with every tensor of codec/MODEL.md drawn from a seeded generator: the same seed gives
 * the same weights on every JVM. For tests, benchmarks of model shapes, and as a training starting point.
 */
public final class RandomWeights {
    private RandomWeights() {}

    /** Weights for {@code cfg}: linear layers {@code N(0, 1/in)}, embeddings {@code N(0, 1)}, gains 1. */
    public static FloatWeights create(ArchConfig cfg, long seed) {
        Random rnd = new Random(seed);
        Map<String, FloatWeights.Tensor> t = new LinkedHashMap<>();
        int d = cfg.dModel();
        boolean latent = cfg.encoderLayers() > 0 && cfg.latentVocab() > 0;
        matrix(t, rnd, "dec.embed", ArchConfig.DECODER_INPUT_VOCAB, d, 1.0);
        matrix(t, rnd, "dec.relbias", cfg.heads(), cfg.relBuckets(), 0.5);
        for (int i = 0; i < cfg.decoderLayers(); i++) {
            layer(t, rnd, cfg, "dec." + i, latent);
        }
        ones(t, "dec.norm", d);
        matrix(t, rnd, "dec.out", ArchConfig.BYTE_SYMBOLS, d, 1.0 / Math.sqrt(d));
        if (latent) {
            matrix(t, rnd, "enc.embed", cfg.latentVocab(), d, 1.0);
            matrix(t, rnd, "enc.relbias", cfg.heads(), cfg.relBuckets(), 0.5);
            for (int i = 0; i < cfg.encoderLayers(); i++) {
                layer(t, rnd, cfg, "enc." + i, false);
            }
            ones(t, "enc.norm", d);
        }
        if (latent && cfg.compressorLayers() > 0) {
            matrix(t, rnd, "cmp.enc.embed", ArchConfig.BYTE_SYMBOLS, d, 1.0);
            matrix(t, rnd, "cmp.enc.relbias", cfg.heads(), cfg.relBuckets(), 0.5);
            for (int i = 0; i < cfg.compressorLayers(); i++) {
                layer(t, rnd, cfg, "cmp.enc." + i, false);
            }
            ones(t, "cmp.enc.norm", d);
            matrix(t, rnd, "cmp.dec.embed", cfg.latentVocab() + 1, d, 1.0);
            matrix(t, rnd, "cmp.dec.relbias", cfg.heads(), cfg.relBuckets(), 0.5);
            for (int i = 0; i < cfg.compressorLayers(); i++) {
                layer(t, rnd, cfg, "cmp.dec." + i, true);
            }
            ones(t, "cmp.dec.norm", d);
            matrix(t, rnd, "cmp.dec.out", cfg.latentVocab() + 1, d, 1.0 / Math.sqrt(d));
            matrix(t, rnd, "cmp.value", 1, d, 1.0 / Math.sqrt(d));
        }
        return new FloatWeights(cfg, t);
    }

    private static void layer(Map<String, FloatWeights.Tensor> t, Random rnd, ArchConfig cfg, String p, boolean cross) {
        int d = cfg.dModel();
        double s = 1.0 / Math.sqrt(d);
        ones(t, p + ".self.norm", d);
        for (String x : new String[] {"q", "k", "v", "o"}) {
            matrix(t, rnd, p + ".self." + x, d, d, s);
        }
        if (cross) {
            ones(t, p + ".cross.norm", d);
            for (String x : new String[] {"q", "k", "v", "o"}) {
                matrix(t, rnd, p + ".cross." + x, d, d, s);
            }
        }
        ones(t, p + ".ffn.norm", d);
        matrix(t, rnd, p + ".ffn.in", cfg.dFF(), d, s);
        matrix(t, rnd, p + ".ffn.out", d, cfg.dFF(), 1.0 / Math.sqrt(cfg.dFF()));
    }

    private static void matrix(Map<String, FloatWeights.Tensor> t, Random rnd, String name, int rows, int cols, double std) {
        float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (rnd.nextGaussian() * std);
        }
        t.put(name, new FloatWeights.Tensor(new int[] {rows, cols}, v));
    }

    private static void ones(Map<String, FloatWeights.Tensor> t, String name, int d) {
        float[] v = new float[d];
        java.util.Arrays.fill(v, 1f);
        t.put(name, new FloatWeights.Tensor(new int[] {d}, v));
    }
}
