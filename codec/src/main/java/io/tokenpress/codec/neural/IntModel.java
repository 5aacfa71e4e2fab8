package io.tokenpress.codec.neural;

import io.tokenpress.codec.model.ArchConfig;
import io.tokenpress.codec.model.ArtifactTensor;
import io.tokenpress.codec.model.CorruptModelException;
import io.tokenpress.codec.model.ModelArtifact;
import io.tokenpress.codec.model.RelativePositionBuckets;
import java.util.Arrays;

/** The integer decompressor of an artifact, as flat int arrays, with every shape checked on load. */
final class IntModel {

    /** A quantized linear layer {@code [out, in]} with per-output-channel requantization. */
    static final class Linear {
        final int out;
        final int in;
        final int[] w;
        /**
         * {@code w} transposed, one array per input {@code k} holding {@code w[0..out-1][k]}: the kernels add
         * one input's weights to all outputs with the same index on both arrays, which C2 vectorizes.
         */
        final int[][] wt;
        final int[] m;
        final int[] sh;

        Linear(ModelArtifact a, String name, int out, int in) {
            this.out = out;
            this.in = in;
            this.w = ints(a, name + ".w", out, in);
            this.m = ints(a, name + ".m", out);
            this.sh = ints(a, name + ".sh", out);
            checkRequant(name, m, sh);
            this.wt = new int[in][out];
            for (int o = 0; o < out; o++) {
                for (int k = 0; k < in; k++) {
                    wt[k][o] = w[o * in + k];
                }
            }
        }
    }

    /** An attention sub-layer. */
    static final class Attention {
        final Linear q;
        final Linear k;
        final Linear v;
        final Linear o;
        final int scoreM;
        final int scoreSh;
        final int mixM;
        final int mixSh;

        Attention(ModelArtifact a, String p, int d) {
            q = new Linear(a, p + ".q", d, d);
            k = new Linear(a, p + ".k", d, d);
            v = new Linear(a, p + ".v", d, d);
            o = new Linear(a, p + ".o", d, d);
            int[] s = ints(a, p + ".score", 2);
            int[] x = ints(a, p + ".mix", 2);
            checkRequant(p + ".score", new int[] {s[0]}, new int[] {s[1]});
            checkRequant(p + ".mix", new int[] {x[0]}, new int[] {x[1]});
            scoreM = s[0];
            scoreSh = s[1];
            mixM = x[0];
            mixSh = x[1];
        }
    }

    /** One transformer layer; {@code cross} is null in encoder layers and in models without latent. */
    static final class Layer {
        final int[] selfNorm;
        final Attention self;
        final int[] crossNorm;
        final Attention cross;
        final int[] ffnNorm;
        final Linear ffnIn;
        final Linear ffnOut;

        Layer(ModelArtifact a, String p, ArchConfig c, boolean withCross) {
            int d = c.dModel();
            selfNorm = gain(a, p + ".self.norm", d);
            self = new Attention(a, p + ".self", d);
            crossNorm = withCross ? gain(a, p + ".cross.norm", d) : null;
            cross = withCross ? new Attention(a, p + ".cross", d) : null;
            ffnNorm = gain(a, p + ".ffn.norm", d);
            ffnIn = new Linear(a, p + ".ffn.in", c.dFF(), d);
            ffnOut = new Linear(a, p + ".ffn.out", d, c.dFF());
        }
    }

    final ArchConfig cfg;
    final int[] exp;
    final int[] decEmbed;
    final int[] decBias;
    final Layer[] dec;
    final int[] decNorm;
    final Linear decOut;
    final boolean hasLatent;
    final int[] encEmbed;
    final int[] encBias;
    final Layer[] enc;
    final int[] encNorm;
    /** Decoder self-attention bias by head and distance {@code t - s} in {@code 0..W-1}: {@code [H][W]}. */
    final int[][] decBiasByDistance;

    IntModel(ModelArtifact a) {
        cfg = a.config();
        int d = cfg.dModel();
        int heads = cfg.heads();
        a.requireKnownRecipe("this build");
        if (d > 4096 || cfg.dFF() > 4096 || cfg.headDim() > 1024) {
            throw new CorruptModelException("model " + a.id() + " exceeds the integer recipe's limits (d, dFF <= 4096, dh <= 1024)");
        }
        ArtifactTensor e = a.tensor(io.tokenpress.codec.model.IntegerRecipe.EXP_TABLE);
        exp = e.ints();
        boolean monotone = exp.length >= 2 && exp[0] == io.tokenpress.codec.model.IntegerRecipe.EXP_ONE && exp[exp.length - 1] == 0;
        for (int i = 1; i < exp.length && monotone; i++) {
            monotone = exp[i] <= exp[i - 1] && exp[i] >= 0;
        }
        if (!monotone) {
            throw new CorruptModelException("model " + a.id() + " has an invalid exp table");
        }
        decEmbed = ints(a, "dec.embed", ArchConfig.DECODER_INPUT_VOCAB, d);
        decBias = ints(a, "dec.relbias", heads, cfg.relBuckets());
        hasLatent = cfg.encoderLayers() > 0 && cfg.latentVocab() > 0;
        dec = new Layer[cfg.decoderLayers()];
        for (int i = 0; i < dec.length; i++) {
            dec[i] = new Layer(a, "dec." + i, cfg, hasLatent);
        }
        decNorm = gain(a, "dec.norm", d);
        decOut = new Linear(a, "dec.out", ArchConfig.BYTE_SYMBOLS, d);
        if (hasLatent) {
            encEmbed = ints(a, "enc.embed", cfg.latentVocab(), d);
            encBias = ints(a, "enc.relbias", heads, cfg.relBuckets());
            enc = new Layer[cfg.encoderLayers()];
            for (int i = 0; i < enc.length; i++) {
                enc[i] = new Layer(a, "enc." + i, cfg, false);
            }
            encNorm = gain(a, "enc.norm", d);
        } else {
            encEmbed = null;
            encBias = null;
            enc = new Layer[0];
            encNorm = null;
        }
        int[] buckets = RelativePositionBuckets.causalTable(cfg.window(), cfg.relBuckets(), cfg.relMaxDistance());
        decBiasByDistance = new int[heads][cfg.window()];
        for (int h = 0; h < heads; h++) {
            for (int dist = 0; dist < cfg.window(); dist++) {
                decBiasByDistance[h][dist] = decBias[h * cfg.relBuckets() + buckets[dist]];
            }
        }
    }

    private static int[] gain(ModelArtifact a, String norm, int d) {
        int[] g = ints(a, norm + ".g", d);
        for (int v : g) {
            if (Math.abs(v) > io.tokenpress.codec.model.IntegerRecipe.MAX_GAIN) {
                throw new CorruptModelException("norm gain out of range in " + norm);
            }
        }
        return g;
    }

    private static void checkRequant(String name, int[] m, int[] sh) {
        for (int i = 0; i < m.length; i++) {
            if (m[i] < 0 || m[i] > io.tokenpress.codec.model.IntegerRecipe.MAX_MULTIPLIER
                    || sh[i] < 1 || sh[i] > io.tokenpress.codec.model.IntegerRecipe.MAX_SHIFT) {
                throw new CorruptModelException("requantization (m, sh) out of range in " + name);
            }
        }
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
