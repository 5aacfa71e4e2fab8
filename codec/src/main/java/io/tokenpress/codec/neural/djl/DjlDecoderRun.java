package io.tokenpress.codec.neural.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.tokenpress.codec.model.ArchConfig;
import io.tokenpress.codec.model.IntegerRecipe;
import io.tokenpress.codec.model.RelativePositionBuckets;

/**
 * One evaluation of the integer decompressor over a batch of {@code B} chunks that advance together, a
 * tile of positions at a time: the latents' cross-attention keys and values, and per decoder layer a cache
 * of the keys and values of the last {@code W - 1} positions. Teacher-forced evaluation feeds tiles of many
 * positions (masked attention within the window), incremental evaluation tiles of one; both run the same
 * kernels, so their tables are identical. Owns native memory: close it. Not thread-safe.
 */
final class DjlDecoderRun implements AutoCloseable {
    private static final double A8 = IntegerRecipe.A8;

    private final DjlWeights w;
    private final DjlKernels k;
    private final NDManager nd;
    private final int batch;
    private final int d;
    private final int heads;
    private final int dh;
    private final int window;
    private final int layers;
    private final NDArray[] kCache;
    private final NDArray[] vCache;
    private int cached;
    /** Cross-attention keys and values per layer {@code [B, H, L, dh]}, masks, and the per-chunk gate; null without latent. */
    private final NDArray[] crossK;
    private final NDArray[] crossV;
    private NDArray crossAddend;
    private NDArray crossGate;
    private int pos;

    /**
     * @param latents one latent per chunk of the batch (empty: no cross-attention for that chunk)
     * @throws IllegalArgumentException if a latent token is out of range or the model has no latent encoder
     */
    DjlDecoderRun(DjlWeights w, DjlKernels k, int[][] latents) {
        this.w = w;
        this.k = k;
        ArchConfig c = w.cfg;
        this.batch = latents.length;
        this.d = c.dModel();
        this.heads = c.heads();
        this.dh = c.headDim();
        this.window = c.window();
        this.layers = c.decoderLayers();
        int longest = 0;
        for (int[] latent : latents) {
            if (latent.length > 0 && !w.hasLatent) {
                throw new IllegalArgumentException("this model has no latent encoder; the latent must be empty");
            }
            for (int tok : latent) {
                if (tok < 0 || tok >= c.latentVocab()) {
                    throw new IllegalArgumentException("latent token out of range: " + tok);
                }
            }
            longest = Math.max(longest, latent.length);
        }
        this.nd = w.nd.newSubManager();
        this.kCache = new NDArray[layers];
        this.vCache = new NDArray[layers];
        if (longest > 0) {
            crossK = new NDArray[layers];
            crossV = new NDArray[layers];
            try {
                encodeLatents(latents, longest);
            } catch (RuntimeException e) {
                nd.close();
                throw e;
            }
        } else {
            crossK = null;
            crossV = null;
        }
    }

    /** Positions evaluated so far. */
    int position() {
        return pos;
    }

    /**
     * Evaluates the next {@code count} positions of every chunk; {@code tokens[b·count + i]} is chunk
     * {@code b}'s input token at position {@code position() + i} (BOS = 256 at position 0, else the previous
     * byte; any valid token past a chunk's end). Returns the cumulative tables, 257 ints per (chunk,
     * position) in that order.
     */
    int[] step(int[] tokens, int count) {
        if (count < 1 || tokens.length != batch * count) {
            throw new IllegalArgumentException("expected " + batch + " x " + count + " tokens, got " + tokens.length);
        }
        int rows = batch * count;
        double[] emb = new double[rows * d];
        for (int r = 0; r < rows; r++) {
            int tok = tokens[r];
            if (tok < 0 || tok >= ArchConfig.DECODER_INPUT_VOCAB) {
                throw new IllegalArgumentException("decoder input token out of range: " + tok);
            }
            for (int i = 0; i < d; i++) {
                emb[r * d + i] = w.decEmbed[tok * d + i];
            }
        }
        int[] tables;
        try (NDManager t = nd.newSubManager()) {
            NDArray h = t.create(emb, new Shape(rows, d));
            NDArray mask = selfMask(t, count);
            for (int l = 0; l < layers; l++) {
                DjlWeights.Layer layer = w.dec[l];
                NDArray a = k.norm(h, layer.selfNorm2g);
                NDArray[] qkv = heads(DjlKernels.linear8(a, layer.self.qkv, -A8, A8), count, 3);
                NDArray q = qkv[0];
                NDArray kk = qkv[1];
                NDArray vv = qkv[2];
                if (kCache[l] != null) {
                    kk = kCache[l].concat(kk, 2);
                    vv = vCache[l].concat(vv, 2);
                    kk.attach(t); // the receiver is the cache, owned by the run
                    vv.attach(t);
                }
                NDArray mix = k.attend(q, kk, vv, mask, layer.self);
                h = DjlKernels.residual(h, DjlKernels.linear(mix, layer.self.o));
                keepCache(l, kk, vv);
                if (crossK != null) {
                    a = k.norm(h, layer.crossNorm2g);
                    q = heads(DjlKernels.linear8(a, layer.cross.q, -A8, A8), count, 1)[0];
                    mix = k.attend(q, crossK[l], crossV[l], crossAddend, layer.cross);
                    NDArray delta = DjlKernels.linear(mix, layer.cross.o)
                            .reshape(batch, count, d).mul(crossGate).reshape(rows, d);
                    h = DjlKernels.residual(h, delta);
                }
                a = k.norm(h, layer.ffnNorm2g);
                NDArray u = DjlKernels.linear8(a, layer.ffnIn, 0, A8);
                h = DjlKernels.residual(h, DjlKernels.linear(u, layer.ffnOut));
            }
            NDArray z = DjlKernels.linear(k.norm(h, w.decNorm2g), w.decOut);
            tables = k.frequencies(z);
        }
        cached = Math.min(window - 1, cached + count);
        pos += count;
        return tables;
    }

    /** Keeps the keys and values of the last {@code W - 1} positions (of {@code kk, vv}) for the next step. */
    private void keepCache(int l, NDArray kk, NDArray vv) {
        long total = kk.getShape().get(2);
        int keep = (int) Math.min(window - 1, total);
        NDArray oldK = kCache[l];
        NDArray oldV = vCache[l];
        if (keep == 0) {
            kCache[l] = null;
            vCache[l] = null;
        } else {
            kCache[l] = kk.get(":, :, {}:", total - keep).duplicate();
            vCache[l] = vv.get(":, :, {}:", total - keep).duplicate();
            kCache[l].attach(nd);
            vCache[l].attach(nd);
        }
        if (oldK != null) {
            oldK.close();
            oldV.close();
        }
    }

    /**
     * The self-attention mask of a tile of {@code count} queries at positions {@code pos..pos+count-1} over
     * the {@code cached} previous keys and the tile's own: {@code [1, H, T, P+T]}, the bias where the key is
     * within the window, {@link DjlKernels#MASKED} elsewhere.
     */
    private NDArray selfMask(NDManager t, int count) {
        int keys = cached + count;
        double[] addend = new double[heads * count * keys];
        for (int i = 0; i < count; i++) {
            for (int j = 0; j < keys; j++) {
                int dist = i + cached - j; // t - s
                boolean ok = dist >= 0 && dist < window;
                for (int hd = 0; hd < heads; hd++) {
                    addend[(hd * count + i) * keys + j] = ok ? w.decBiasByDistance[hd][dist] : DjlKernels.MASKED;
                }
            }
        }
        return t.create(addend, new Shape(1, heads, count, keys));
    }

    /** {@code [B·T, parts·d]} to {@code parts} arrays {@code [B, H, T, dh]}. */
    private NDArray[] heads(NDArray x, int count, int parts) {
        long b = x.getShape().get(0) / count;
        NDArray split = x.reshape(b, count, parts, heads, dh).transpose(2, 0, 3, 1, 4);
        NDArray[] out = new NDArray[parts];
        for (int i = 0; i < parts; i++) {
            out[i] = split.get(i);
        }
        return out;
    }

    /**
     * Runs the latent encoder on every chunk's latent (padded to {@code longest}; chunks with an empty latent
     * get a placeholder and a zero gate) and keeps each decoder layer's cross-attention keys and values.
     */
    private void encodeLatents(int[][] latents, int longest) {
        ArchConfig c = w.cfg;
        int len = longest;
        double[] emb = new double[batch * len * d];
        double[] allowed = new double[batch * len];
        double[] gate = new double[batch];
        for (int b = 0; b < batch; b++) {
            int[] latent = latents[b];
            gate[b] = latent.length > 0 ? 1 : 0;
            for (int j = 0; j < len; j++) {
                int tok = j < latent.length ? latent[j] : 0;
                for (int i = 0; i < d; i++) {
                    emb[(b * len + j) * d + i] = w.encEmbed[tok * d + i];
                }
                // keys past the latent are masked; an empty latent keeps key 0 so that every row stays finite
                allowed[b * len + j] = j < latent.length || j == 0 ? 1 : 0;
            }
        }
        int[] bucket = new int[len * len];
        for (int qi = 0; qi < len; qi++) {
            for (int s = 0; s < len; s++) {
                bucket[qi * len + s] = RelativePositionBuckets.bucket(s - qi, true, c.relBuckets(), c.relMaxDistance());
            }
        }
        double[] encAddend = new double[batch * heads * len * len];
        double[] crossAddendValues = new double[batch * len];
        for (int b = 0; b < batch; b++) {
            for (int s = 0; s < len; s++) {
                boolean ok = allowed[b * len + s] == 1;
                crossAddendValues[b * len + s] = ok ? 0 : DjlKernels.MASKED;
                for (int hd = 0; hd < heads; hd++) {
                    for (int qi = 0; qi < len; qi++) {
                        encAddend[((b * heads + hd) * len + qi) * len + s] =
                                ok ? w.encBias[hd * c.relBuckets() + bucket[qi * len + s]] : DjlKernels.MASKED;
                    }
                }
            }
        }
        crossAddend = nd.create(crossAddendValues, new Shape(batch, 1, 1, len));
        crossGate = nd.create(gate, new Shape(batch, 1, 1));
        try (NDManager t = nd.newSubManager()) {
            NDArray addend = t.create(encAddend, new Shape(batch, heads, len, len));
            NDArray e = t.create(emb, new Shape(batch * len, d));
            for (DjlWeights.Layer layer : w.enc) {
                NDArray a = k.norm(e, layer.selfNorm2g);
                NDArray[] qkv = heads(DjlKernels.linear8(a, layer.self.qkv, -A8, A8), len, 3);
                NDArray mix = k.attend(qkv[0], qkv[1], qkv[2], addend, layer.self);
                e = DjlKernels.residual(e, DjlKernels.linear(mix, layer.self.o));
                a = k.norm(e, layer.ffnNorm2g);
                NDArray u = DjlKernels.linear8(a, layer.ffnIn, 0, A8);
                e = DjlKernels.residual(e, DjlKernels.linear(u, layer.ffnOut));
            }
            NDArray encOut = k.norm(e, w.encNorm2g);
            for (int l = 0; l < layers; l++) {
                NDArray[] kv = heads(DjlKernels.linear8(encOut, w.dec[l].cross.kv, -A8, A8), len, 2);
                crossK[l] = kv[0];
                crossV[l] = kv[1];
                crossK[l].attach(nd);
                crossV[l].attach(nd);
            }
        }
    }

    @Override
    public void close() {
        nd.close();
    }
}
