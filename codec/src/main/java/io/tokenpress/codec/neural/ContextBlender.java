package io.tokenpress.codec.neural;

import java.util.Arrays;

/**
 * Blends the statistics of the chunk's own bytes into a frequency table (codec/MODEL.md, "Context
 * mixing"): for each of the orders 3, 2, 1 and 0, the counts of the bytes that followed the current context
 * earlier in the chunk form a distribution, mixed in linearly with a weight learnt online (one per order
 * and count of the context, up to 15). Order 3 is mixed in first, order 0 last. The output table's total is
 * about 2^22, every byte at least 1. With line contexts (codec/MODEL.md, "Line contexts") a context of the
 * bytes above the position (same column, previous line) and the byte before it is mixed in before order 3.
 * Integer arithmetic only. One instance per chunk; not thread-safe.
 */
final class ContextBlender {
    /** Context orders, innermost first. */
    static final int[] ORDERS = {3, 2, 1, 0};
    /** The "order" of the context above the position. */
    static final int ABOVE = -1;
    /** With line contexts: the context above the position, then {@link #ORDERS}. */
    static final int[] LINE_ORDERS = {ABOVE, 3, 2, 1, 0};
    /** Weight buckets per order: the context's count, 1 to 15 and more. */
    private static final int COUNT_BUCKETS = 16;
    /** Initial weight, stretched (1/256 nat): about 1.8 %. */
    static final int INITIAL_WEIGHT = -1024;
    /** Total of the output tables before the floor of 1. */
    private static final int OUT_BITS = 22;
    /** Fixed point of the mixing coefficients. */
    private static final int COEF_BITS = 16;
    /** Fixed point of probabilities in the weight update. */
    private static final int P_BITS = 24;

    private final int shift;
    private final int[] orders;
    /** Null without line contexts. */
    private final Lines lines;
    /** Per order: context slot to its first node (0: none), and to its count. */
    private final int[][] head;
    private final int[][] total;
    /** Nodes of all orders: byte, count, next node (0 ends a list). Node 0 is unused. */
    private int[] nodeByte;
    private int[] nodeCount;
    private int[] nodeNext;
    private int nodes = 1;
    private final int[] weights;
    /** The current context slot of each order, and its weight bucket and 12-bit weight (-1: empty context). */
    private final int[] slot;
    private final int[] bucket;
    private final int[] lambda;
    private final long[] orderCoef;
    private final long[] freq = new long[256];
    private final int[] out = new int[257];
    private int[] in;

    /** @param lines the chunk's lines, or null without line contexts */
    ContextBlender(int chunkLength, Lines lines) {
        this.lines = lines;
        orders = lines == null ? ORDERS : LINE_ORDERS;
        weights = new int[orders.length * COUNT_BUCKETS];
        slot = new int[orders.length];
        bucket = new int[orders.length];
        lambda = new int[orders.length];
        orderCoef = new long[orders.length];
        int bits = 10;
        while (bits < 16 && (1 << bits) < 2 * chunkLength) {
            bits++;
        }
        shift = 32 - bits;
        head = new int[orders.length][1 << bits];
        total = new int[orders.length][1 << bits];
        // each position adds at most one node per order; grown on demand, so a chunk of mostly repeated
        // contexts (or a corrupt envelope claiming a huge length) does not allocate for the worst case
        int capacity = (int) Math.min(orders.length * (long) chunkLength + 1, 1 << 12);
        nodeByte = new int[capacity];
        nodeCount = new int[capacity];
        nodeNext = new int[capacity];
        Arrays.fill(weights, INITIAL_WEIGHT);
        locate(null, -1);
    }

    /**
     * The table to code position {@code t} with: {@code cum} blended with the chunk's statistics (an array
     * reused by the next call), or {@code cum} itself while no context has been seen.
     */
    int[] table(int[] cum, byte[] history, int t) {
        in = cum;
        long coef = 1L << COEF_BITS;
        boolean any = false;
        // outermost (order 0) first: each order takes lambda of what the inner ones leave
        for (int k = orders.length - 1; k >= 0; k--) {
            int n = total[k][slot[k]];
            if (n == 0) {
                lambda[k] = -1;
                continue;
            }
            any = true;
            bucket[k] = k * COUNT_BUCKETS + Math.min(COUNT_BUCKETS - 1, n);
            lambda[k] = Logistic.squash(weights[bucket[k]]);
            orderCoef[k] = coef * lambda[k] >> 12;
            coef = coef * (Logistic.ONE - lambda[k]) >> 12;
        }
        if (!any) {
            return cum;
        }
        long netMul = (coef << OUT_BITS) / cum[256];
        for (int s = 0; s < 256; s++) {
            freq[s] = (cum[s + 1] - cum[s]) * netMul;
        }
        for (int k = 0; k < orders.length; k++) {
            if (lambda[k] < 0) {
                continue;
            }
            long mul = (orderCoef[k] << OUT_BITS) / total[k][slot[k]];
            for (int node = head[k][slot[k]]; node != 0; node = nodeNext[node]) {
                freq[nodeByte[node]] += nodeCount[node] * mul;
            }
        }
        int sum = 0;
        for (int s = 0; s < 256; s++) {
            out[s] = sum;
            sum += Math.max(1, (int) (freq[s] >> COEF_BITS));
        }
        out[256] = sum;
        return out;
    }

    /** Takes in the byte coded at position {@code t} (after {@link #table}). */
    void update(byte[] history, int t) {
        int y = history[t] & 0xFF;
        long p = ((long) (in[y + 1] - in[y]) << P_BITS) / in[256];
        for (int k = 0; k < orders.length; k++) {
            int s = slot[k];
            int n = total[k][s];
            int node = find(k, s, y);
            if (n > 0) {
                long po = node == 0 ? 0 : ((long) nodeCount[node] << P_BITS) / n;
                int l = lambda[k];
                long pOut = Math.max(1, ((Logistic.ONE - l) * p + l * po) >> 12);
                long step = (po - p) * l * (Logistic.ONE - l) / pOut >> 16;
                int w = (int) Math.max(-Logistic.LIMIT, Math.min(Logistic.LIMIT, weights[bucket[k]] + step));
                weights[bucket[k]] = w;
                p = pOut;
            }
            if (node == 0) {
                if (nodes == nodeByte.length) {
                    int grown = nodes * 2;
                    nodeByte = Arrays.copyOf(nodeByte, grown);
                    nodeCount = Arrays.copyOf(nodeCount, grown);
                    nodeNext = Arrays.copyOf(nodeNext, grown);
                }
                node = nodes++;
                nodeByte[node] = y;
                nodeNext[node] = head[k][s];
                head[k][s] = node;
            }
            nodeCount[node]++;
            total[k][s] = n + 1;
        }
        locate(history, t);
    }

    private int find(int k, int s, int y) {
        for (int node = head[k][s]; node != 0; node = nodeNext[node]) {
            if (nodeByte[node] == y) {
                return node;
            }
        }
        return 0;
    }

    /** Sets the context slots for position {@code t + 1}. */
    private void locate(byte[] history, int t) {
        for (int k = 0; k < orders.length; k++) {
            int order = orders[k];
            if (order == ABOVE) {
                // the lines have taken in byte t already: the bytes above position t + 1 and the one before it
                int context = lines.above(history, t + 1, 0) << 17 | lines.above(history, t + 1, 1) << 8
                        | (t >= 0 ? history[t] & 0xFF : 0);
                slot[k] = (context + 1) * 0x9E3779B1 >>> shift;
                continue;
            }
            int context = 0;
            for (int i = 0; i < order; i++) {
                context = context << 8 | (t - i >= 0 ? history[t - i] & 0xFF : 0);
            }
            slot[k] = order == 0 ? 0 : order == 1 ? context : (context + 1) * 0x9E3779B1 >>> shift;
        }
    }
}
