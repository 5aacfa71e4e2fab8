package io.tokenpress.codec.neural;

import static io.tokenpress.codec.neural.IntKernels.A8;

import io.tokenpress.codec.model.ArchConfig;
import io.tokenpress.codec.model.IntegerRecipe;
import io.tokenpress.codec.model.RelativePositionBuckets;

/**
 * The state of one integer evaluation of the decompressor over one chunk: the latent's cross-attention
 * keys and values, a ring-buffer KV cache of the last {@code window} positions per decoder layer, and
 * buffers for a tile of positions. Teacher-forced evaluation feeds tiles of many positions, incremental
 * evaluation tiles of one; both run the same integer code per position, so their tables are identical.
 * Not thread-safe (its tiles may use the shared {@link Parallel} pool internally).
 */
final class IntDecoderRun {
    /** Bound used for residual branch outputs; equivalent to no clamp once the residual clamp applies. */
    private static final int BRANCH = 1 << 30;

    private final IntModel mdl;
    private final int d;
    private final int heads;
    private final int dh;
    private final int window;
    private final int tile;
    private final int cap;
    private final Parallel par;

    /** Keys by layer, channel and ring slot: {@code [layers][d][cap]}. */
    private final int[][][] kCache;
    /** Values by layer and ring slot: {@code [layers][cap][d]}. */
    private final int[][][] vCache;
    private final int latentLen;
    private final int[][] crossK;
    private final int[][] crossV;

    private final int[] h;
    private final int[] a;
    private final int[] q;
    private final int[] k;
    private final int[] v;
    private final int[] mix;
    private final int[] delta;
    private final int[] u;
    private final long[] logits;
    private final int[] cum = new int[ArchConfig.BYTE_SYMBOLS + 1];
    private final long[] freqScratch = new long[ArchConfig.BYTE_SYMBOLS];
    private final Scratch rowScratch;
    private int pos;

    /** Per-task buffers of the attention of one query row. */
    private static final class Scratch {
        final long[] z;
        final long[] pv;
        final int[] dots;
        final int[][] probs;
        final int[] pvd;

        Scratch(int keys, int dh, int heads, int d) {
            z = new long[keys];
            pv = new long[dh];
            dots = new int[keys];
            probs = new int[heads][keys];
            pvd = new int[d];
        }
    }

    IntDecoderRun(IntModel mdl, int[] latent, int tile, Parallel par) {
        this.mdl = mdl;
        ArchConfig c = mdl.cfg;
        this.d = c.dModel();
        this.heads = c.heads();
        this.dh = c.headDim();
        this.window = c.window();
        this.tile = tile;
        this.cap = window + tile - 1;
        this.par = par;
        int layers = c.decoderLayers();
        kCache = new int[layers][d][cap];
        vCache = new int[layers][cap][d];
        h = new int[tile * d];
        a = new int[tile * d];
        q = new int[tile * d];
        k = new int[tile * d];
        v = new int[tile * d];
        mix = new int[tile * d];
        delta = new int[tile * d];
        u = new int[tile * c.dFF()];
        logits = new long[tile * ArchConfig.BYTE_SYMBOLS];
        latentLen = latent.length;
        rowScratch = new Scratch(Math.max(cap, latentLen), dh, heads, d);
        if (latentLen > 0) {
            if (!mdl.hasLatent) {
                throw new IllegalArgumentException("this model has no latent encoder; the latent must be empty");
            }
            int[] encOut = encode(latent);
            crossK = new int[layers][latentLen * d];
            crossV = new int[layers][latentLen * d];
            for (int l = 0; l < layers; l++) {
                linear(encOut, latentLen, mdl.dec[l].cross.k, crossK[l], -A8, A8);
                linear(encOut, latentLen, mdl.dec[l].cross.v, crossV[l], -A8, A8);
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
     * Evaluates the next {@code count <= tile} positions, whose input tokens are {@code tokens[0..count-1]}
     * (BOS = 256 at position 0, else the previous byte), and hands each position's cumulative table to
     * {@code sink} in order.
     */
    void step(int[] tokens, int count, DecompressorBackend.TableSink sink) {
        if (count < 1 || count > tile) {
            throw new IllegalArgumentException("count " + count + " not in 1.." + tile);
        }
        for (int i = 0; i < count; i++) {
            int tok = tokens[i];
            if (tok < 0 || tok >= ArchConfig.DECODER_INPUT_VOCAB) {
                throw new IllegalArgumentException("decoder input token out of range: " + tok);
            }
            System.arraycopy(mdl.decEmbed, tok * d, h, i * d, d);
        }
        for (int l = 0; l < mdl.dec.length; l++) {
            IntModel.Layer layer = mdl.dec[l];
            IntKernels.norm(h, count, d, layer.selfNorm, a);
            linear(a, count, layer.self.q, q, -A8, A8);
            linear(a, count, layer.self.k, k, -A8, A8);
            linear(a, count, layer.self.v, v, -A8, A8);
            for (int i = 0; i < count; i++) {
                int slot = (int) ((long) (pos + i) % cap);
                int[][] kc = kCache[l];
                for (int c = 0; c < d; c++) {
                    kc[c][slot] = k[i * d + c];
                }
                System.arraycopy(v, i * d, vCache[l][slot], 0, d);
            }
            int layerIndex = l;
            par.forRange(count, (long) count * window * d, (from, to) -> {
                Scratch s = count == 1 ? rowScratch : new Scratch(Math.max(cap, latentLen), dh, heads, d);
                for (int i = from; i < to; i++) {
                    selfAttentionRow(layer.self, layerIndex, i, s);
                }
            });
            linear(mix, count, layer.self.o, delta, -BRANCH, BRANCH);
            IntKernels.addResidual(h, delta, count * d);
            if (latentLen > 0) {
                IntKernels.norm(h, count, d, layer.crossNorm, a);
                linear(a, count, layer.cross.q, q, -A8, A8);
                par.forRange(count, (long) count * latentLen * d, (from, to) -> {
                    Scratch s = count == 1 ? rowScratch : new Scratch(Math.max(cap, latentLen), dh, heads, d);
                    for (int i = from; i < to; i++) {
                        attentionRow(layer.cross, q, i * d, crossK[layerIndex], crossV[layerIndex], 0, latentLen,
                                null, 0, mix, i * d, s);
                    }
                });
                linear(mix, count, layer.cross.o, delta, -BRANCH, BRANCH);
                IntKernels.addResidual(h, delta, count * d);
            }
            IntKernels.norm(h, count, d, layer.ffnNorm, a);
            linear(a, count, layer.ffnIn, u, 0, A8);
            linear(u, count, layer.ffnOut, delta, -BRANCH, BRANCH);
            IntKernels.addResidual(h, delta, count * d);
        }
        IntKernels.norm(h, count, d, mdl.decNorm, a);
        IntModel.Linear out = mdl.decOut;
        par.forRange(out.out, (long) count * out.in * out.out, (from, to) -> logits(a, count, out, from, to));
        for (int i = 0; i < count; i++) {
            IntKernels.frequencies(logits, i * ArchConfig.BYTE_SYMBOLS, mdl.exp, cum, freqScratch);
            sink.accept(pos + i, cum);
        }
        pos += count;
    }

    private void selfAttentionRow(IntModel.Attention att, int layer, int i, Scratch s) {
        long t = (long) pos + i;
        long from = Math.max(0, t - window + 1);
        // keys live in the ring buffer at slot (position % cap); pass positions and resolve slots inside
        attentionRowRing(att, q, i * d, kCache[layer], vCache[layer], from, t, mix, i * d, s);
    }

    /**
     * Causal self-attention of one query over cached keys and values at positions {@code from..to}. Their
     * ring slots form at most two runs ({@code firstSlot..run1End-1} and, after wrapping,
     * {@code 0..run2End-1}); the scores are accumulated per slot, four channels per pass (vectorizable),
     * then visited in position order. {@code |q·k| <= dh·127² < 2^24} and
     * {@code Σ p·v <= PA·127 < 2^23} fit in {@code int}.
     */
    private void attentionRowRing(IntModel.Attention att, int[] qs, int qo, int[][] kc, int[][] vc, long from, long to,
            int[] out, int oo, Scratch s) {
        int n = (int) (to - from + 1);
        int firstSlot = (int) (from % cap);
        int run1End = Math.min(cap, firstSlot + n);
        int run2End = n - (run1End - firstSlot);
        long[] z = s.z;
        int[] dots = s.dots;
        int[] exp = mdl.exp;
        int scoreM = att.scoreM;
        int scoreSh = att.scoreSh;
        long scoreHalf = 1L << (scoreSh - 1);
        for (int hd = 0; hd < heads; hd++) {
            int ho = hd * dh;
            int[] biasByDist = mdl.decBiasByDistance[hd];
            java.util.Arrays.fill(dots, firstSlot, run1End, 0);
            java.util.Arrays.fill(dots, 0, run2End, 0);
            addDots(qs, qo + ho, kc, ho, dots, firstSlot, run1End);
            addDots(qs, qo + ho, kc, ho, dots, 0, run2End);
            long zmax = Long.MIN_VALUE;
            int slot = firstSlot;
            for (int j = 0; j < n; j++, slot = slot + 1 == cap ? 0 : slot + 1) {
                long zz = (((long) dots[slot] * scoreM + scoreHalf) >> scoreSh) + biasByDist[n - 1 - j];
                z[j] = zz;
                if (zz > zmax) {
                    zmax = zz;
                }
            }
            long sum = expInPlace(z, n, zmax, exp);
            double inverse = 1.0 / sum;
            int[] ph = s.probs[hd];
            for (int j = 0; j < n; j++) {
                long e = z[j];
                ph[j] = e == 0 ? 0 : (int) IntKernels.floorDivByInverse(e * IntegerRecipe.PA, sum, inverse);
            }
        }
        // p·v as multiply-adds into the output channels of each head, four keys per pass (C2 vectorizes
        // these; it does not vectorize a sum over keys per channel, and a head's dh channels are too few
        // to pay for a loop per key)
        int[] pv = s.pvd;
        java.util.Arrays.fill(pv, 0);
        for (int hd = 0; hd < heads; hd++) {
            int[] ph = s.probs[hd];
            int cFrom = hd * dh;
            int cTo = cFrom + dh;
            int j = 0;
            int slot = firstSlot;
            for (; j + 4 <= n; j += 4) {
                int s0 = slot;
                int s1 = s0 + 1 == cap ? 0 : s0 + 1;
                int s2 = s1 + 1 == cap ? 0 : s1 + 1;
                int s3 = s2 + 1 == cap ? 0 : s2 + 1;
                slot = s3 + 1 == cap ? 0 : s3 + 1;
                int p0 = ph[j];
                int p1 = ph[j + 1];
                int p2 = ph[j + 2];
                int p3 = ph[j + 3];
                if ((p0 | p1 | p2 | p3) == 0) {
                    continue;
                }
                int[] v0 = vc[s0];
                int[] v1 = vc[s1];
                int[] v2 = vc[s2];
                int[] v3 = vc[s3];
                for (int c = cFrom; c < cTo; c++) {
                    pv[c] += p0 * v0[c] + p1 * v1[c] + p2 * v2[c] + p3 * v3[c];
                }
            }
            for (; j < n; j++, slot = slot + 1 == cap ? 0 : slot + 1) {
                int p = ph[j];
                if (p == 0) {
                    continue;
                }
                int[] vs = vc[slot];
                for (int c = cFrom; c < cTo; c++) {
                    pv[c] += p * vs[c];
                }
            }
        }
        for (int c = 0; c < d; c++) {
            out[oo + c] = IntKernels.clamp(IntKernels.rq(pv[c], att.mixM, att.mixSh), -A8, A8);
        }
    }

    /**
     * {@code dots[j] += Σ_x q[qo + x]·k[ko + x][j]} over the head's {@code dh} channels, for slots
     * {@code jFrom..jTo-1}: four channels per pass, so each score is loaded and stored once per four
     * multiply-adds.
     */
    private void addDots(int[] q, int qo, int[][] k, int ko, int[] dots, int jFrom, int jTo) {
        if (jTo <= jFrom) {
            return;
        }
        int x = 0;
        for (; x + 4 <= dh; x += 4) {
            int q0 = q[qo + x];
            int q1 = q[qo + x + 1];
            int q2 = q[qo + x + 2];
            int q3 = q[qo + x + 3];
            if ((q0 | q1 | q2 | q3) == 0) {
                continue;
            }
            int[] k0 = k[ko + x];
            int[] k1 = k[ko + x + 1];
            int[] k2 = k[ko + x + 2];
            int[] k3 = k[ko + x + 3];
            for (int j = jFrom; j < jTo; j++) {
                dots[j] += q0 * k0[j] + q1 * k1[j] + q2 * k2[j] + q3 * k3[j];
            }
        }
        for (; x < dh; x++) {
            int qx = q[qo + x];
            if (qx == 0) {
                continue;
            }
            int[] kx = k[ko + x];
            for (int j = jFrom; j < jTo; j++) {
                dots[j] += qx * kx[j];
            }
        }
    }

    /**
     * Attention of one query row over keys {@code 0..n-1} stored contiguously (cross-attention and the latent
     * encoder). {@code bias} is {@code [H][n]} for this query (null: none).
     */
    private void attentionRow(IntModel.Attention att, int[] qs, int qo, int[] kc, int[] vc, int unused, int n,
            int[][] bias, int biasRow, int[] out, int oo, Scratch s) {
        long[] z = s.z;
        long[] pv = s.pv;
        int[] exp = mdl.exp;
        for (int hd = 0; hd < heads; hd++) {
            int ho = hd * dh;
            long zmax = Long.MIN_VALUE;
            for (int j = 0; j < n; j++) {
                int ko = j * d + ho;
                int dot = 0;
                for (int x = 0; x < dh; x++) {
                    dot += qs[qo + ho + x] * kc[ko + x];
                }
                long zz = IntKernels.rq(dot, att.scoreM, att.scoreSh) + (bias == null ? 0 : bias[hd][biasRow * n + j]);
                z[j] = zz;
                if (zz > zmax) {
                    zmax = zz;
                }
            }
            long sum = expInPlace(z, n, zmax, exp);
            java.util.Arrays.fill(pv, 0);
            for (int j = 0; j < n; j++) {
                long pr = IntKernels.floorDivSmall(z[j] * IntegerRecipe.PA, sum);
                if (pr == 0) {
                    continue;
                }
                int vo = j * d + ho;
                for (int x = 0; x < dh; x++) {
                    pv[x] += pr * vc[vo + x];
                }
            }
            for (int x = 0; x < dh; x++) {
                out[oo + ho + x] = IntKernels.clamp(IntKernels.rq(pv[x], att.mixM, att.mixSh), -A8, A8);
            }
        }
    }

    /** Runs the latent encoder; returns {@code enc_out} [m, d] (int8). */
    private int[] encode(int[] latent) {
        ArchConfig c = mdl.cfg;
        int m = latent.length;
        int[] e = new int[m * d];
        for (int j = 0; j < m; j++) {
            int tok = latent[j];
            if (tok < 0 || tok >= c.latentVocab()) {
                throw new IllegalArgumentException("latent token out of range: " + tok);
            }
            System.arraycopy(mdl.encEmbed, tok * d, e, j * d, d);
        }
        int[][] bias = new int[heads][m * m];
        for (int qi = 0; qi < m; qi++) {
            for (int s = 0; s < m; s++) {
                int b = RelativePositionBuckets.bucket(s - qi, true, c.relBuckets(), c.relMaxDistance());
                for (int hd = 0; hd < heads; hd++) {
                    bias[hd][qi * m + s] = mdl.encBias[hd * c.relBuckets() + b];
                }
            }
        }
        int[] ea = new int[m * d];
        int[] eq = new int[m * d];
        int[] ek = new int[m * d];
        int[] ev = new int[m * d];
        int[] emix = new int[m * d];
        int[] edelta = new int[m * d];
        int[] eu = new int[m * c.dFF()];
        Scratch s = new Scratch(m, dh, heads, d);
        for (IntModel.Layer layer : mdl.enc) {
            IntKernels.norm(e, m, d, layer.selfNorm, ea);
            linear(ea, m, layer.self.q, eq, -A8, A8);
            linear(ea, m, layer.self.k, ek, -A8, A8);
            linear(ea, m, layer.self.v, ev, -A8, A8);
            for (int qi = 0; qi < m; qi++) {
                attentionRow(layer.self, eq, qi * d, ek, ev, 0, m, bias, qi, emix, qi * d, s);
            }
            linear(emix, m, layer.self.o, edelta, -BRANCH, BRANCH);
            IntKernels.addResidual(e, edelta, m * d);
            IntKernels.norm(e, m, d, layer.ffnNorm, ea);
            linear(ea, m, layer.ffnIn, eu, 0, A8);
            linear(eu, m, layer.ffnOut, edelta, -BRANCH, BRANCH);
            IntKernels.addResidual(e, edelta, m * d);
        }
        int[] out = new int[m * d];
        IntKernels.norm(e, m, d, mdl.encNorm, out);
        return out;
    }

    private void linear(int[] x, int rows, IntModel.Linear l, int[] y, int lo, int hi) {
        par.forRange(l.out, (long) rows * l.in * l.out, (from, to) -> IntKernels.linear(x, rows, l, y, lo, hi, from, to));
    }

    /** The output logits in {@code long}: MODEL.md applies no clamp to them. */
    private void logits(int[] x, int rows, IntModel.Linear l, int oFrom, int oTo) {
        IntKernels.linearLong(x, rows, l, logits, oFrom, oTo);
    }

    /**
     * SOFTMAX_TABLE of codec/MODEL.md in place: {@code z[j] = EXP[min(zmax - z[j], L - 1)]} for
     * {@code j < n}; returns their sum.
     */
    private static long expInPlace(long[] z, int n, long zmax, int[] exp) {
        int last = exp.length - 1;
        long sum = 0;
        for (int j = 0; j < n; j++) {
            long diff = zmax - z[j];
            long e = exp[diff > last ? last : (int) diff];
            z[j] = e;
            sum += e;
        }
        return sum;
    }
}
