package io.tokenpress.codec.neural.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.tokenpress.codec.model.IntegerRecipe;
import java.util.function.Supplier;

/**
 * The integer operations of codec/MODEL.md ("Primitive operations", {@code LINEAR}, {@code NORM},
 * {@code SOFTMAX_TABLE}, {@code ATTN}, frequency table) on engine arrays. Integer values live in float64
 * arrays for every elementwise step (exact below 2^53; the recipe keeps them below 2^52) and in float32
 * arrays as GEMM operands (int8 values, every partial sum below 2^24, so any summation order is exact).
 * No float32 division, no float32 elementwise arithmetic. Temporaries are released per operation with
 * {@link NDScope}; results belong to the manager of the inputs.
 */
final class DjlKernels {
    private static final double A8 = IntegerRecipe.A8;
    private static final double R16 = IntegerRecipe.R16;
    /**
     * Added to the score of a key that is not allowed. Real scores (requantized dot product plus bias) lie
     * within {@code ±2^40}, so a masked score stays below every allowed one (it never becomes {@code zmax}),
     * its distance to {@code zmax} exceeds the exp table (its entry is {@code EXP[L-1] = 0}), and every value
     * stays below 2^52 (exact). This has the effect of MODEL.md's "set masked scores to -2^30" with one
     * operation less.
     */
    static final double MASKED = -(double) (1L << 50);

    private final DjlWeights w;
    private final boolean splitProbabilities;
    // float64 scalar constants, created once on the weights' manager
    private final NDArray c256;
    private final NDArray cD;
    private final NDArray cOne;
    private final NDArray cTwo;
    private final NDArray cPa;
    private final NDArray cAvail;
    private final NDArray cTotal;
    private final NDArray cLastExp;

    /**
     * @param splitProbabilities run {@code P·V} as {@code 256·(P_hi·V) + P_lo·V} with factors below 2^8, exact
     *     even where the device rounds float32 GEMM inputs to TF32 or bf16 (used on GPUs)
     */
    DjlKernels(DjlWeights w, boolean splitProbabilities) {
        this.w = w;
        this.splitProbabilities = splitProbabilities;
        NDManager nd = w.nd;
        c256 = nd.create(256.0);
        cD = nd.create((double) w.cfg.dModel());
        cOne = nd.create(1.0);
        cTwo = nd.create(2.0);
        cPa = nd.create((double) IntegerRecipe.PA);
        cAvail = nd.create((double) (IntegerRecipe.FREQ_TOTAL - 256));
        cTotal = nd.create((double) IntegerRecipe.FREQ_TOTAL);
        cLastExp = nd.create((double) (w.expLength - 1));
    }

    /**
     * Runs {@code body} in its own {@link NDScope}: every array it creates is closed on return except its
     * result, which moves to {@code owner} (an operation's result belongs to the manager of its receiver,
     * which may be the weights' manager) and joins the enclosing scope, if any. {@code body} must return
     * an array it created.
     */
    static NDArray scoped(NDManager owner, Supplier<NDArray> body) {
        NDArray r;
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            r = body.get();
            NDScope.unregister(r);
        }
        r.attach(owner);
        NDScope.register(r);
        return r;
    }

    /** {@code RQ(a, m, sh) = floor((a·m + 2^(sh-1)) / 2^sh)} on float64 {@code a}; {@code m, half, pow} broadcast. */
    static NDArray rq(NDArray a, NDArray m, NDArray half, NDArray pow) {
        return scoped(a.getManager(), () -> a.mul(m).addi(half).divi(pow).floor());
    }

    /** {@code GEMM(x, X.w)}: float32 {@code x [R, in]} (int8 values) to exact float64 accumulators {@code [R, out]}. */
    static NDArray gemm(NDArray x, DjlWeights.Linear l) {
        return scoped(x.getManager(), () -> {
            NDArray acc;
            if (l.wT.length == 1) {
                acc = x.matMul(l.wT[0]).toType(DataType.FLOAT64, false);
            } else {
                acc = null;
                for (int b = 0; b < l.wT.length; b++) {
                    NDArray xb = x.get(":, {}:{}", l.blockStart[b], l.blockStart[b + 1]);
                    NDArray part = xb.matMul(l.wT[b]).toType(DataType.FLOAT64, false);
                    acc = acc == null ? part : acc.addi(part);
                }
            }
            return acc;
        });
    }

    /** {@code LINEAR(X, x, no clamp)}: float64 {@code [R, out]}. */
    static NDArray linear(NDArray x, DjlWeights.Linear l) {
        return scoped(x.getManager(), () -> rq(gemm(x, l), l.m, l.half, l.pow));
    }

    /** {@code LINEAR(X, x, lo, hi)} as a float32 GEMM operand {@code [R, out]}. */
    static NDArray linear8(NDArray x, DjlWeights.Linear l, double lo, double hi) {
        return scoped(x.getManager(), () -> linear(x, l).clip(lo, hi).toType(DataType.FLOAT32, false));
    }

    /** {@code clamp(h + delta, -R16, R16)} on float64 arrays. */
    static NDArray residual(NDArray h, NDArray delta) {
        return scoped(h.getManager(), () -> h.add(delta).clip(-R16, R16));
    }

    /**
     * {@code NORM(N, r)} of every row of float64 {@code h [R, d]}; {@code gain2} = {@code 2·N.g}. Returns the
     * int8 result as float32 {@code [R, d]}.
     */
    NDArray norm(NDArray h, NDArray gain2) {
        return scoped(h.getManager(), () -> {
            NDArray ss = h.mul(h).sum(new int[] {-1}, true); // < 2^40
            NDArray n = ss.mul(c256).divi(cD).floor().addi(cOne); // floor_div(ss·2^8, d) + 1
            NDArray den = isqrt(n);
            NDArray dd = den.mul(c256); // D = den·2^8
            NDArray y = h.mul(gain2).addi(dd).divi(dd.mul(cTwo)).floor().clip(-A8, A8);
            return y.toType(DataType.FLOAT32, false);
        });
    }

    /** Largest {@code r} with {@code r·r <= n}, for float64 {@code 0 <= n < 2^52}. */
    NDArray isqrt(NDArray n) {
        return scoped(n.getManager(), () -> {
            NDArray r = n.sqrt().floor();
            r = r.sub(r.mul(r).gt(n).toType(DataType.FLOAT64, false));
            NDArray r1 = r.add(cOne);
            return r.add(r1.mul(r1).lte(n).toType(DataType.FLOAT64, false));
        });
    }

    /**
     * {@code SOFTMAX_TABLE}: {@code EXP[min(zmax - z, L - 1)]} along the last axis of float64 {@code z}, with
     * not-allowed entries already at {@link #MASKED} (they get {@code EXP[L-1] = 0}). Returns the table
     * entries and, as {@code out[1]}, {@code zmax - z}. (The tables' argument {@code min(zmax - z, L - 1)}
     * is at most 2^52 here and exactly converted to an int64 index.)
     */
    NDArray[] softmaxTable(NDArray z) {
        NDArray e;
        NDArray diff;
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            diff = z.max(new int[] {-1}, true).sub(z);
            NDArray idx = diff.minimum(cLastExp).toType(DataType.INT64, false);
            e = w.exp.take(idx);
            NDScope.unregister(e, diff);
        }
        e.attach(z.getManager()); // the gather's receiver is the exp table, owned by the weights
        NDScope.register(e);
        NDScope.register(diff);
        return new NDArray[] {e, diff};
    }

    /**
     * {@code ATTN} after the projections: float32 {@code q [B, H, Tq, dh]}, {@code k, v [B, H, Tk, dh]} (int8
     * values); {@code addend} (the bias where a key is allowed, else {@link #MASKED}) float64, broadcastable to
     * {@code [B, H, Tq, Tk]}. Every query needs an allowed key. Returns the mix {@code a} as float32
     * {@code [B·Tq, d]}.
     */
    NDArray attend(NDArray q, NDArray k, NDArray v, NDArray addend, DjlWeights.Attention att) {
        return scoped(q.getManager(), () -> {
            Shape qs = q.getShape();
            long b = qs.get(0);
            long tq = qs.get(2);
            NDArray dots = q.matMul(k.transpose(0, 1, 3, 2)).toType(DataType.FLOAT64, false); // K = dh <= 1024
            NDArray z = rq(dots, att.scoreM, att.scoreHalf, att.scorePow).addi(addend);
            NDArray e = softmaxTable(z)[0];
            NDArray sum = e.sum(new int[] {-1}, true); // >= 2^20
            NDArray p = e.mul(cPa).divi(sum).floor(); // floor_div(e·PA, E) <= 2^16
            NDArray pv;
            if (splitProbabilities) {
                NDArray hi = p.div(c256).floor();
                NDArray lo = p.sub(hi.mul(c256));
                NDArray pvHi = hi.toType(DataType.FLOAT32, false).matMul(v).toType(DataType.FLOAT64, false);
                NDArray pvLo = lo.toType(DataType.FLOAT32, false).matMul(v).toType(DataType.FLOAT64, false);
                pv = pvHi.mul(c256).add(pvLo);
            } else {
                pv = p.toType(DataType.FLOAT32, false).matMul(v).toType(DataType.FLOAT64, false); // |partial| < 2^23
            }
            NDArray mix = rq(pv, att.mixM, att.mixHalf, att.mixPow).clip(-A8, A8).toType(DataType.FLOAT32, false);
            return mix.transpose(0, 2, 1, 3).reshape(b * tq, -1);
        });
    }

    /**
     * The frequency tables of float64 logits {@code z [R, 256]}: cumulative counts {@code cum[r·257 + s]},
     * {@code cum[r·257] = 0}, {@code cum[r·257 + 256] = 2^20}.
     */
    int[] frequencies(NDArray z) {
        int[] flat;
        int rows;
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            rows = (int) z.getShape().get(0);
            NDArray[] ed = softmaxTable(z);
            NDArray e = ed[0];
            NDArray sum = e.sum(new int[] {-1}, true);
            NDArray f = e.mul(cAvail).divi(sum).floor().addi(cOne); // 1 + floor_div(e·(T-256), E)
            NDArray rest = cTotal.sub(f.sum(new int[] {-1}, true));
            // o* = smallest index with z = zmax: the entry where the running count of maxima first reaches 1
            NDArray isMax = ed[1].eq(0.0).toType(DataType.FLOAT64, false);
            NDArray first = isMax.mul(isMax.cumSum(1).eq(1.0).toType(DataType.FLOAT64, false));
            NDArray cum = f.add(first.mul(rest)).cumSum(1).toType(DataType.INT32, false);
            flat = cum.toIntArray();
        }
        int[] out = new int[rows * 257];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(flat, r * 256, out, r * 257 + 1, 256);
        }
        return out;
    }
}
