package io.tokenpress.codec.neural.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.tokenpress.codec.model.ArchConfig;
import io.tokenpress.codec.model.ArtifactTensor;
import io.tokenpress.codec.model.CorruptModelException;
import io.tokenpress.codec.model.IntegerRecipe;
import io.tokenpress.codec.model.ModelArtifact;
import io.tokenpress.codec.model.RelativePositionBuckets;
import java.util.Arrays;

/**
 * The integer decompressor of an artifact (codec/MODEL.md, "Integer inference") as engine arrays: weights as
 * float32 matrices (transposed, split into blocks of at most {@value #K_BLOCK} input channels so that every
 * float32 GEMM is exact), requantization multipliers, shifts and norm gains as float64 vectors. Embeddings
 * and bias tables stay in Java arrays (they are gathered on the Java side). Every shape and range the
 * exactness argument relies on is checked on load. Owns native memory: close it.
 */
final class DjlWeights implements AutoCloseable {
    /** Largest reduction of one float32 GEMM: {@code 1024·127·127 < 2^24}. */
    static final int K_BLOCK = 1024;

    /** A quantized linear layer {@code LINEAR(X, x, lo, hi)}. */
    static final class Linear {
        final int in;
        final int out;
        /** {@code w^T} blocks {@code [kb, out]} float32, {@code kb <= K_BLOCK}, in input-channel order. */
        final NDArray[] wT;
        final int[] blockStart;
        /** float64 {@code [out]}: multiplier, rounding term {@code 2^(sh-1)}, divisor {@code 2^sh}. */
        final NDArray m;
        final NDArray half;
        final NDArray pow;

        Linear(ModelArtifact a, NDManager nd, String name, int out, int in) {
            this(a, nd, new String[] {name}, out, in);
        }

        /** The layers {@code names} (each {@code [out, in]}) as one, their outputs concatenated in order. */
        Linear(ModelArtifact a, NDManager nd, String[] names, int out, int in) {
            this.in = in;
            this.out = out * names.length;
            int[][] w = new int[names.length][];
            int[] ms = new int[this.out];
            int[] sh = new int[this.out];
            for (int n = 0; n < names.length; n++) {
                w[n] = ints(a, names[n] + ".w", out, in);
                System.arraycopy(ints(a, names[n] + ".m", out), 0, ms, n * out, out);
                System.arraycopy(ints(a, names[n] + ".sh", out), 0, sh, n * out, out);
            }
            int blocks = (in + K_BLOCK - 1) / K_BLOCK;
            wT = new NDArray[blocks];
            blockStart = new int[blocks + 1];
            for (int b = 0; b < blocks; b++) {
                int k0 = b * K_BLOCK;
                int k1 = Math.min(in, k0 + K_BLOCK);
                blockStart[b] = k0;
                float[] t = new float[(k1 - k0) * this.out];
                for (int k = k0; k < k1; k++) {
                    for (int o = 0; o < this.out; o++) {
                        t[(k - k0) * this.out + o] = w[o / out][(o % out) * in + k];
                    }
                }
                wT[b] = nd.create(t, new Shape(k1 - k0, this.out));
            }
            blockStart[blocks] = in;
            double[][] rq = requant(String.join("+", names), ms, sh);
            m = nd.create(rq[0]);
            half = nd.create(rq[1]);
            pow = nd.create(rq[2]);
        }
    }

    /** An attention sub-layer {@code ATTN(A, ...)}. */
    static final class Attention {
        /** Self-attention: {@code q, k, v} as one layer {@code [3d, d]} (one GEMM for the three); else null. */
        final Linear qkv;
        /** Cross-attention: {@code q}, and {@code k, v} as one layer {@code [2d, d]}; else null. */
        final Linear q;
        final Linear kv;
        final Linear o;
        /** float64 scalars: {@code A.score} and {@code A.mix} as multiplier, rounding term, divisor. */
        final NDArray scoreM;
        final NDArray scoreHalf;
        final NDArray scorePow;
        final NDArray mixM;
        final NDArray mixHalf;
        final NDArray mixPow;

        Attention(ModelArtifact a, NDManager nd, String p, int d, boolean self) {
            qkv = self ? new Linear(a, nd, new String[] {p + ".q", p + ".k", p + ".v"}, d, d) : null;
            q = self ? null : new Linear(a, nd, p + ".q", d, d);
            kv = self ? null : new Linear(a, nd, new String[] {p + ".k", p + ".v"}, d, d);
            o = new Linear(a, nd, p + ".o", d, d);
            int[] s = ints(a, p + ".score", 2);
            int[] x = ints(a, p + ".mix", 2);
            double[][] sc = requant(p + ".score", new int[] {s[0]}, new int[] {s[1]});
            double[][] mx = requant(p + ".mix", new int[] {x[0]}, new int[] {x[1]});
            scoreM = nd.create(sc[0][0]);
            scoreHalf = nd.create(sc[1][0]);
            scorePow = nd.create(sc[2][0]);
            mixM = nd.create(mx[0][0]);
            mixHalf = nd.create(mx[1][0]);
            mixPow = nd.create(mx[2][0]);
        }
    }

    /** One layer; {@code cross} is null in encoder layers and in models without latent. */
    static final class Layer {
        /** Norm gains as float64 {@code 2·g} ({@code NORM} uses {@code 2·r·g}). */
        final NDArray selfNorm2g;
        final Attention self;
        final NDArray crossNorm2g;
        final Attention cross;
        final NDArray ffnNorm2g;
        final Linear ffnIn;
        final Linear ffnOut;

        Layer(ModelArtifact a, NDManager nd, String p, ArchConfig c, boolean withCross) {
            int d = c.dModel();
            selfNorm2g = gain(a, nd, p + ".self.norm", d);
            self = new Attention(a, nd, p + ".self", d, true);
            crossNorm2g = withCross ? gain(a, nd, p + ".cross.norm", d) : null;
            cross = withCross ? new Attention(a, nd, p + ".cross", d, false) : null;
            ffnNorm2g = gain(a, nd, p + ".ffn.norm", d);
            ffnIn = new Linear(a, nd, p + ".ffn.in", c.dFF(), d);
            ffnOut = new Linear(a, nd, p + ".ffn.out", d, c.dFF());
        }
    }

    final ArchConfig cfg;
    final NDManager nd;
    /** The exp table as float64 {@code [L]} (gathered by index) and its length. */
    final NDArray exp;
    final int expLength;
    final int[] decEmbed;
    final Layer[] dec;
    final NDArray decNorm2g;
    final Linear decOut;
    final boolean hasLatent;
    final int[] encEmbed;
    final int[] encBias;
    final Layer[] enc;
    final NDArray encNorm2g;
    /** Decoder self-attention bias by head and distance {@code t - s} in {@code 0..W-1}: {@code [H][W]}. */
    final int[][] decBiasByDistance;

    /**
     * @param nd the manager that will own the weights (closed by {@link #close})
     * @throws CorruptModelException if a tensor is missing, misshapen or out of the recipe's ranges
     */
    DjlWeights(ModelArtifact a, NDManager nd) {
        this.cfg = a.config();
        this.nd = nd;
        int d = cfg.dModel();
        int heads = cfg.heads();
        a.requireKnownRecipe("the djl backend");
        if (d > 4096 || cfg.dFF() > 4096 || cfg.headDim() > K_BLOCK) {
            throw new CorruptModelException("model " + a.id()
                    + " exceeds the integer recipe's limits (d, dFF <= 4096, head dim <= 1024)");
        }
        ArtifactTensor e = a.tensor(IntegerRecipe.EXP_TABLE);
        int[] ex = e.ints();
        boolean ok = ex != null && e.shape().length == 1 && ex.length >= 2 && ex[0] == IntegerRecipe.EXP_ONE
                && ex[ex.length - 1] == 0;
        for (int i = 1; ok && i < ex.length; i++) {
            ok = ex[i] >= 0 && ex[i] <= ex[i - 1];
        }
        if (!ok) {
            throw new CorruptModelException("model " + a.id() + " has an invalid exp table " + IntegerRecipe.EXP_TABLE);
        }
        expLength = ex.length;
        exp = nd.create(Arrays.stream(ex).asDoubleStream().toArray());
        decEmbed = embedding(a, "dec.embed", ArchConfig.DECODER_INPUT_VOCAB, d);
        int[] decBias = ints(a, "dec.relbias", heads, cfg.relBuckets());
        hasLatent = cfg.encoderLayers() > 0 && cfg.latentVocab() > 0;
        dec = new Layer[cfg.decoderLayers()];
        for (int i = 0; i < dec.length; i++) {
            dec[i] = new Layer(a, nd, "dec." + i, cfg, hasLatent);
        }
        decNorm2g = gain(a, nd, "dec.norm", d);
        decOut = new Linear(a, nd, "dec.out", ArchConfig.BYTE_SYMBOLS, d);
        if (hasLatent) {
            encEmbed = embedding(a, "enc.embed", cfg.latentVocab(), d);
            encBias = ints(a, "enc.relbias", heads, cfg.relBuckets());
            enc = new Layer[cfg.encoderLayers()];
            for (int i = 0; i < enc.length; i++) {
                enc[i] = new Layer(a, nd, "enc." + i, cfg, false);
            }
            encNorm2g = gain(a, nd, "enc.norm", d);
        } else {
            encEmbed = null;
            encBias = null;
            enc = new Layer[0];
            encNorm2g = null;
        }
        decBiasByDistance = new int[heads][cfg.window()];
        for (int dist = 0; dist < cfg.window(); dist++) {
            int b = RelativePositionBuckets.bucket(-dist, false, cfg.relBuckets(), cfg.relMaxDistance());
            for (int h = 0; h < heads; h++) {
                decBiasByDistance[h][dist] = decBias[h * cfg.relBuckets() + b];
            }
        }
    }

    @Override
    public void close() {
        nd.close();
    }

    /** {@code (m, 2^(sh-1), 2^sh)} per channel as doubles, after checking {@code 0 <= m < 2^15, 1 <= sh <= 40}. */
    private static double[][] requant(String name, int[] m, int[] sh) {
        double[][] r = new double[3][m.length];
        for (int i = 0; i < m.length; i++) {
            if (m[i] < 0 || m[i] > IntegerRecipe.MAX_MULTIPLIER || sh[i] < 1 || sh[i] > IntegerRecipe.MAX_SHIFT) {
                throw new CorruptModelException("requantization (m, sh) out of range in " + name);
            }
            r[0][i] = m[i];
            r[1][i] = (double) (1L << (sh[i] - 1));
            r[2][i] = (double) (1L << sh[i]);
        }
        return r;
    }

    private static NDArray gain(ModelArtifact a, NDManager nd, String norm, int d) {
        int[] g = ints(a, norm + ".g", d);
        double[] twice = new double[d];
        for (int i = 0; i < d; i++) {
            if (Math.abs(g[i]) > IntegerRecipe.MAX_GAIN) {
                throw new CorruptModelException("norm gain out of range in " + norm);
            }
            twice[i] = 2.0 * g[i];
        }
        return nd.create(twice);
    }

    private static int[] embedding(ModelArtifact a, String name, int rows, int d) {
        return ints(a, name, rows, d);
    }

    private static int[] ints(ModelArtifact a, String name, int... shape) {
        ArtifactTensor t = a.tensor(name);
        if (!Arrays.equals(t.shape(), shape) || t.ints() == null) {
            throw new CorruptModelException("tensor " + name + " has shape " + Arrays.toString(t.shape()) + " "
                    + t.dtype() + ", expected integer " + Arrays.toString(shape));
        }
        return t.ints();
    }
}
