package io.tokenpress.codec.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.tokenpress.codec.model.ArchConfig;
import io.tokenpress.codec.model.RelativePositionBuckets;
import java.util.Map;

/**
 * The float forward pass of codec/MODEL.md in DJL NDArray operations, for training.
 *
 * <p>Every array it creates belongs to the manager given to the constructor (one per training step),
 * so closing that manager frees the whole graph. Constants are NDArrays, never Java numbers: an
 * operation that takes a Java number breaks gradients under autograd in the PyTorch engine.
 *
 * <p>The decoder's windowed causal self-attention runs block-locally: the sequence is split into
 * blocks of {@code window} positions and each block attends to itself and the block before it, with a
 * mask that keeps exactly the keys {@code t-W < s <= t}. Its cost is linear in the sequence length.
 */
final class T5Graph {
    private static final float NEG = -1e9f;

    private final ArchConfig cfg;
    private final NDManager m;
    private final Map<String, NDArray> p;
    private final NDArray eps;
    private final NDArray scale;

    T5Graph(ArchConfig cfg, NDManager manager, Map<String, NDArray> params) {
        this.cfg = cfg;
        this.m = manager;
        this.p = params;
        this.eps = manager.create(1e-6f);
        this.scale = manager.create((float) (1.0 / Math.sqrt(cfg.headDim())));
    }

    /** True when the model has a latent path (encoder and cross-attention). */
    static boolean hasLatent(ArchConfig cfg) {
        return cfg.encoderLayers() > 0 && cfg.latentVocab() > 0;
    }

    NDArray param(String name) {
        NDArray a = p.get(name);
        if (a == null) {
            throw new IllegalStateException("missing parameter " + name);
        }
        return a;
    }

    NDArray constant(float v) {
        return m.create(v);
    }

    // ---------------------------------------------------------------- building blocks

    NDArray linear(NDArray x, String name) {
        return x.matMul(param(name).transpose());
    }

    NDArray rmsNorm(NDArray x, String gain) {
        NDArray ms = x.square().mean(new int[] {-1}, true);
        return x.div(ms.add(eps).sqrt()).mul(param(gain));
    }

    /** Embedding rows of {@code table} for int64 token ids of any shape: result shape ids + [d]. */
    NDArray embed(String table, NDArray ids) {
        Shape s = ids.getShape();
        NDArray flat = param(table).get(new NDIndex("{}", ids.reshape(-1)));
        long[] dims = new long[s.dimension() + 1];
        System.arraycopy(s.getShape(), 0, dims, 0, s.dimension());
        dims[s.dimension()] = cfg.dModel();
        return flat.reshape(new Shape(dims));
    }

    NDArray ffn(NDArray x, String prefix) {
        return linear(linear(x, prefix + ".in").maximum(constant(0f)), prefix + ".out");
    }

    /** [B, T, d] -> [B, H, T, dh]. */
    private NDArray heads(NDArray x) {
        Shape s = x.getShape();
        return x.reshape(s.get(0), s.get(1), cfg.heads(), cfg.headDim()).transpose(0, 2, 1, 3);
    }

    /** [B, H, T, dh] -> [B, T, d]. */
    private NDArray merge(NDArray x) {
        Shape s = x.getShape();
        return x.transpose(0, 2, 1, 3).reshape(s.get(0), s.get(2), cfg.dModel());
    }

    /**
     * Full attention of queries {@code xq} [B, Tq, d] over keys {@code xk} [B, Tk, d].
     *
     * @param bias additive [H or 1, Tq, Tk] or [B, 1, Tq, Tk] bias and mask, or null
     */
    NDArray attention(NDArray xq, NDArray xk, String prefix, NDArray bias) {
        NDArray q = heads(linear(xq, prefix + ".q"));
        NDArray k = heads(linear(xk, prefix + ".k"));
        NDArray v = heads(linear(xk, prefix + ".v"));
        NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)).mul(scale);
        if (bias != null) {
            scores = scores.add(bias);
        }
        return linear(merge(scores.softmax(-1).matMul(v)), prefix + ".o");
    }

    /** Windowed causal self-attention over x [B, T, d], T a multiple of the window. */
    NDArray windowedSelfAttention(NDArray x, String prefix, NDArray blockBias) {
        Shape s = x.getShape();
        long b = s.get(0);
        long t = s.get(1);
        int w = cfg.window();
        long nb = t / w;
        int h = cfg.heads();
        int dh = cfg.headDim();
        // [B, nb, W, H, dh] -> [B, nb, H, W, dh]
        NDArray q = linear(x, prefix + ".q").reshape(b, nb, w, h, dh).transpose(0, 1, 3, 2, 4);
        NDArray k = linear(x, prefix + ".k").reshape(b, nb, w, h, dh);
        NDArray v = linear(x, prefix + ".v").reshape(b, nb, w, h, dh);
        NDArray kk = withPreviousBlock(k, b, w, h, dh).transpose(0, 1, 3, 4, 2); // [B, nb, H, dh, 2W]
        NDArray vv = withPreviousBlock(v, b, w, h, dh).transpose(0, 1, 3, 2, 4); // [B, nb, H, 2W, dh]
        NDArray scores = q.matMul(kk).mul(scale).add(blockBias); // [B, nb, H, W, 2W]
        NDArray out = scores.softmax(-1).matMul(vv); // [B, nb, H, W, dh]
        out = out.transpose(0, 1, 3, 2, 4).reshape(b, t, cfg.dModel());
        return linear(out, prefix + ".o");
    }

    /** [B, nb, W, H, dh] -> [B, nb, 2W, H, dh]: each block preceded by the block before it (zeros first). */
    private NDArray withPreviousBlock(NDArray a, long b, int w, int h, int dh) {
        long nb = a.getShape().get(1);
        NDArray zeros = m.zeros(new Shape(b, 1, w, h, dh));
        NDArray prev = nb > 1 ? zeros.concat(a.get(":, :-1"), 1) : zeros;
        return prev.concat(a, 2);
    }

    /**
     * Relative-position bias plus window mask of the decoder for {@code nb} blocks: [nb, H, W, 2W].
     * Query {@code i} of block {@code n} is position {@code nW+i}; key {@code j} is {@code (n-1)W+j}.
     */
    NDArray decoderBlockBias(long nb) {
        int w = cfg.window();
        int[] buckets = new int[w * 2 * w];
        float[] mask = new float[(int) nb * w * 2 * w];
        for (int i = 0; i < w; i++) {
            for (int j = 0; j < 2 * w; j++) {
                int dist = w + i - j; // query - key
                boolean allowed = dist >= 0 && dist < w;
                buckets[i * 2 * w + j] = allowed ? RelativePositionBuckets.bucket(-dist, false, cfg.relBuckets(), cfg.relMaxDistance()) : 0;
                for (int n = 0; n < nb; n++) {
                    boolean ok = allowed && (n > 0 || j >= w);
                    mask[(n * w + i) * 2 * w + j] = ok ? 0f : NEG;
                }
            }
        }
        NDArray idx = m.create(toLong(buckets));
        // relbias [H, R] -> [R, H] rows by bucket -> [W*2W, H] -> [H, W, 2W]
        NDArray bias = param("dec.relbias").transpose().get(new NDIndex("{}", idx)).transpose().reshape(cfg.heads(), w, 2 * w);
        NDArray maskNd = m.create(mask, new Shape(nb, 1, w, 2 * w));
        return maskNd.add(bias.expandDims(0)); // [nb, H, W, 2W]
    }

    /** Bidirectional relative-position bias [H, L, L] of an encoder stack plus key mask [B, 1, 1, L]. */
    NDArray encoderBias(String relbias, int len, NDArray keyMask) {
        long[] buckets = new long[len * len];
        for (int t = 0; t < len; t++) {
            for (int s = 0; s < len; s++) {
                buckets[t * len + s] = RelativePositionBuckets.bucket(s - t, true, cfg.relBuckets(), cfg.relMaxDistance());
            }
        }
        NDArray bias = param(relbias).transpose().get(new NDIndex("{}", m.create(buckets))).transpose().reshape(cfg.heads(), len, len);
        return keyMask == null ? bias : keyMask.add(bias.expandDims(0));
    }

    /** Causal relative-position bias [H, L, L] with the causal mask, for the compressor's latent decoder. */
    NDArray causalBias(String relbias, int len) {
        long[] buckets = new long[len * len];
        float[] mask = new float[len * len];
        for (int t = 0; t < len; t++) {
            for (int s = 0; s < len; s++) {
                buckets[t * len + s] = s <= t ? RelativePositionBuckets.bucket(s - t, false, cfg.relBuckets(), cfg.relMaxDistance()) : 0;
                mask[t * len + s] = s <= t ? 0f : NEG;
            }
        }
        NDArray bias = param(relbias).transpose().get(new NDIndex("{}", m.create(buckets))).transpose().reshape(cfg.heads(), len, len);
        return m.create(mask, new Shape(1, len, len)).add(bias);
    }

    /** Additive key mask [B, 1, 1, L] from lengths: 0 where position < length, else -inf. */
    NDArray keyMask(int[] lengths, int len) {
        float[] mk = new float[lengths.length * len];
        for (int b = 0; b < lengths.length; b++) {
            for (int s = 0; s < len; s++) {
                // an empty latent keeps one key (its output is gated to 0 anyway) so softmax stays finite
                mk[b * len + s] = s < Math.max(lengths[b], 1) ? 0f : NEG;
            }
        }
        return m.create(mk, new Shape(lengths.length, 1, 1, len));
    }

    // ---------------------------------------------------------------- decompressor

    /**
     * Decompressor encoder over latent tokens.
     *
     * @param latents int64 [B, L] (padded with 0)
     * @param keyMask [B, 1, 1, L]
     * @return enc_out [B, L, d]
     */
    NDArray latentEncoder(NDArray latents, NDArray keyMask) {
        int len = (int) latents.getShape().get(1);
        NDArray e = embed("enc.embed", latents);
        NDArray bias = encoderBias("enc.relbias", len, keyMask);
        for (int i = 0; i < cfg.encoderLayers(); i++) {
            NDArray a = rmsNorm(e, "enc." + i + ".self.norm");
            e = e.add(attention(a, a, "enc." + i + ".self", bias));
            e = e.add(ffn(rmsNorm(e, "enc." + i + ".ffn.norm"), "enc." + i + ".ffn"));
        }
        return rmsNorm(e, "enc.norm");
    }

    /**
     * Decompressor decoder: logits [B, T, 256] for input tokens [B, T] (T a multiple of the window).
     *
     * @param encOut latent encoder output [B, L, d], or null for empty latents (cross-attention skipped)
     * @param crossMask [B, 1, 1, L] key mask for the latents
     * @param crossGate [B, 1, 1]: 1 for samples with a latent, 0 for samples with an empty one
     */
    NDArray decoder(NDArray tokens, NDArray encOut, NDArray crossMask, NDArray crossGate) {
        long t = tokens.getShape().get(1);
        NDArray h = embed("dec.embed", tokens);
        NDArray blockBias = decoderBlockBias(t / cfg.window());
        for (int i = 0; i < cfg.decoderLayers(); i++) {
            String l = "dec." + i;
            h = h.add(windowedSelfAttention(rmsNorm(h, l + ".self.norm"), l + ".self", blockBias));
            if (encOut != null) {
                NDArray cross = attention(rmsNorm(h, l + ".cross.norm"), encOut, l + ".cross", crossMask);
                h = h.add(crossGate == null ? cross : cross.mul(crossGate));
            }
            h = h.add(ffn(rmsNorm(h, l + ".ffn.norm"), l + ".ffn"));
        }
        return linear(rmsNorm(h, "dec.norm"), "dec.out");
    }

    /**
     * Per-sample negative log-likelihood in nats, [B], of target bytes under logits [B, T, 256].
     *
     * @param weights [B, T] float: 1 for real positions, 0 for padding
     */
    NDArray sequenceNll(NDArray logits, NDArray targets, NDArray weights) {
        NDArray lp = logits.logSoftmax(-1).gather(targets.expandDims(-1), -1).squeeze(-1);
        return lp.mul(weights).sum(new int[] {1}).neg();
    }

    // ---------------------------------------------------------------- compressor

    /** Compressor encoder over bytes [B, T] (no padding): [B, T, d]. */
    NDArray byteEncoder(NDArray bytes) {
        int len = (int) bytes.getShape().get(1);
        NDArray e = embed("cmp.enc.embed", bytes);
        NDArray bias = encoderBias("cmp.enc.relbias", len, null);
        for (int i = 0; i < cfg.compressorLayers(); i++) {
            String l = "cmp.enc." + i;
            NDArray a = rmsNorm(e, l + ".self.norm");
            e = e.add(attention(a, a, l + ".self", bias));
            e = e.add(ffn(rmsNorm(e, l + ".ffn.norm"), l + ".ffn"));
        }
        return rmsNorm(e, "cmp.enc.norm");
    }

    /**
     * Compressor latent decoder: final states [B, L, d] for latent input tokens [B, L] (BOS = V first).
     */
    NDArray latentDecoderStates(NDArray inputs, NDArray byteStates) {
        int len = (int) inputs.getShape().get(1);
        NDArray h = embed("cmp.dec.embed", inputs);
        NDArray bias = causalBias("cmp.dec.relbias", len);
        for (int i = 0; i < cfg.compressorLayers(); i++) {
            String l = "cmp.dec." + i;
            NDArray a = rmsNorm(h, l + ".self.norm");
            h = h.add(attention(a, a, l + ".self", bias));
            h = h.add(attention(rmsNorm(h, l + ".cross.norm"), byteStates, l + ".cross", null));
            h = h.add(ffn(rmsNorm(h, l + ".ffn.norm"), l + ".ffn"));
        }
        return rmsNorm(h, "cmp.dec.norm");
    }

    /** Latent logits [B, L, V+1] (index V = end) from decoder states. */
    NDArray latentLogits(NDArray states) {
        return linear(states, "cmp.dec.out");
    }

    /** Value estimate [B] from the state at the first (BOS) position. */
    NDArray value(NDArray states) {
        return linear(states.get(":, 0, :"), "cmp.value").squeeze(-1);
    }

    static long[] toLong(int[] a) {
        long[] r = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[i];
        }
        return r;
    }

    static NDArray longs(NDManager m, long[] data, long... shape) {
        return m.create(data, new Shape(shape)).toType(DataType.INT64, false);
    }
}
