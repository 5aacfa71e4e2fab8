package io.tokenpress.codec.neural;

import io.tokenpress.codec.model.ModelArtifact;
import io.tokenpress.codec.store.ClasspathModelStore;
import io.tokenpress.codec.store.ModelStores;
import io.tokenpress.codec.train.SampleChunks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Experiment: match mixing with a dictionary prefix. Not a test. */
public final class DictProbe {
    private DictProbe() {}

    record Tables(byte[] data, int[][] cum) {}

    static List<Tables> tables(ModelArtifact m, List<byte[]> chunks) {
        List<Tables> out = new ArrayList<>();
        try (JavaDecompressorBackend b = new JavaDecompressorBackend(m)) {
            for (byte[] c : chunks) {
                int[][] cum = new int[c.length][];
                b.evaluate(new int[0], c, (t, tab) -> cum[t] = tab.clone());
                out.add(new Tables(c, cum));
            }
        }
        return out;
    }

    static final class Finder {
        static final int MIN = 3;
        final byte[] buf;
        final int d;
        final int[] table;
        final int shift;
        int pointer;
        int length;
        boolean fromDict;

        Finder(byte[] dict, int[] dictTable, int bits, int len) {
            d = dict.length;
            buf = new byte[d + len];
            System.arraycopy(dict, 0, buf, 0, d);
            table = dictTable.clone();
            shift = 32 - bits;
        }

        static int[] dictTable(byte[] dict, int bits) {
            int[] table = new int[1 << bits];
            for (int i = MIN - 1; i < dict.length; i++) {
                table[hash(dict, i, 32 - bits)] = i + 1;
            }
            return table;
        }

        static int hash(byte[] b, int t, int shift) {
            int h = 0;
            for (int i = t + 1 - MIN; i <= t; i++) {
                h = (h + (b[i] & 0xFF) + 1) * 0x2F0F3D35;
            }
            return (h ^ (h >>> 15)) * 0x9E3779B1 >>> shift;
        }

        int predicted() {
            return buf[pointer] & 0xFF;
        }

        void update(byte v, int tc) {
            int t = d + tc;
            buf[t] = v;
            if (length > 0) {
                if (buf[pointer] == buf[t]) {
                    pointer++;
                    if (length < 65535) {
                        length++;
                    }
                } else {
                    length = 0;
                }
            }
            if (t + 1 < MIN) {
                return;
            }
            int h = hash(buf, t, shift);
            if (length == 0) {
                int candidate = table[h];
                if (candidate > 0) {
                    int n = 0;
                    while (n < candidate && n < 32 && buf[candidate - 1 - n] == buf[t - n]) {
                        n++;
                    }
                    if (n >= MIN) {
                        pointer = candidate;
                        length = n;
                        fromDict = candidate < d;
                    }
                }
            }
            table[h] = t + 1;
        }
    }

    static int split = 0;
    static int MAXB = Integer.parseInt(System.getenv().getOrDefault("MAXB", "16"));
    static List<Double> PER;
    static int BLEND = Integer.parseInt(System.getenv().getOrDefault("BLEND", "0"));
    static double LR2 = Double.parseDouble(System.getenv().getOrDefault("LR2", "0.02"));
    static int[] ORDERS = java.util.Arrays.stream(System.getenv().getOrDefault("ORDERS", "").split(",")).filter(x -> !x.isEmpty()).mapToInt(Integer::parseInt).toArray();
    static int[][] CNTS = new int[ORDERS.length][1 << 24];
    static int[][] CTOTS = new int[ORDERS.length][1 << 16];
    static int[][] TOUCHEDS = new int[ORDERS.length][1 << 20];
    static int[] nts = new int[ORDERS.length];
    static double[][] LAMWS = new double[ORDERS.length][16];
    static int[] CNT = new int[1 << 24];
    static int[] CTOT = new int[1 << 16];
    static int[] TOUCHED = new int[1 << 20];
    static double[] LAMW = new double[16 * 3 * 4];
    static int[] DIST = new int[1 << 16];
    static double INIT = Double.parseDouble(System.getenv().getOrDefault("INIT", "-3"));
    static int SEL = Integer.parseInt(System.getenv().getOrDefault("SEL", "0"));
    static int nt;
    static int MODE = Integer.parseInt(System.getenv().getOrDefault("MODE", "0"));
    static double LR = Double.parseDouble(System.getenv().getOrDefault("LR", "0.02"));
    static int LIMIT2 = Integer.parseInt(System.getenv().getOrDefault("LIMIT2", "30"));
    static int CMASK = (1 << 16) - 1;

    static double st(double p) {
        return Math.log(p / (1 - p));
    }

    static double sq(double x) {
        return 1 / (1 + Math.exp(-x));
    }
    static double[] DUMP;
    static int[] DUMP_MATCH;
    static int DUMP_CHUNK = 5;

    static void dump(byte[] c) {
        StringBuilder line = new StringBuilder();
        StringBuilder cost = new StringBuilder();
        StringBuilder match = new StringBuilder();
        double lineBits = 0;
        for (int t = 0; t < c.length; t++) {
            char ch = (char) (c[t] & 0xFF);
            double b = DUMP[t];
            lineBits += b;
            if (ch == '\n') {
                System.out.println(line + "   [" + Math.round(lineBits) + " bits, " + line.length() + " B]");
                System.out.println(cost);
                System.out.println(match);
                line.setLength(0);
                cost.setLength(0);
                match.setLength(0);
                lineBits = 0;
                continue;
            }
            line.append(ch < 32 || ch > 126 ? '?' : ch);
            cost.append(b < 0.5 ? ' ' : b < 9.5 ? (char) ('0' + (int) Math.round(b)) : '+');
            match.append(DUMP_MATCH[t] == 0 ? ' ' : DUMP_MATCH[t] < 10 ? (char) ('0' + DUMP_MATCH[t]) : 'L');
        }
    }

    /** Bits of all chunks with a mixer using prior (hits/seen accumulated into the arrays when non-null). */
    static double bits(List<Tables> ts, byte[] dict, int[] dictTable, int bits, int[] prior, long[] hits, long[] seen) {
        double total = 0;
        double before = 0;
        long n = 0;
        int cells = MatchMixer.CELLS * (split + 1);
        for (Tables tb : ts) {
            byte[] c = tb.data();
            Finder f = new Finder(dict, dictTable, bits, c.length);
            for (int oi = 0; oi < ORDERS.length; oi++) {
                for (int i = 0; i < nts[oi]; i++) {
                    CNTS[oi][TOUCHEDS[oi][i]] = 0;
                    CTOTS[oi][TOUCHEDS[oi][i] >>> 8] = 0;
                }
                nts[oi] = 0;
                java.util.Arrays.fill(LAMWS[oi], INIT);
            }
            int[] p = prior.clone();
            double[] ctxP = new double[CMASK + 1];
            java.util.Arrays.fill(ctxP, 0.5);
            int[] ctxN = new int[CMASK + 1];
            double[][] W = new double[16][];
            for (int i = 0; i < 16; i++) {
                W[i] = new double[] {1, 0, 0, 0};
            }
            int[] count = new int[cells];
            java.util.Arrays.fill(count, MatchMixer.PRIOR_COUNT);
            for (int t = 0; t < c.length; t++) {
                int[] cum = tb.cum()[t];
                int s = c[t] & 0xFF;
                double prob;
                if (f.length == 0) {
                    prob = (cum[s + 1] - cum[s]) / (double) cum[256];
                } else {
                    int b = f.predicted();
                    int fr = cum[b + 1] - cum[b];
                    int cell = MatchMixer.lengthBucket(Math.min(f.length, 65535)) * MatchMixer.PROBABILITY_BUCKETS
                            + MatchMixer.probabilityBucket(fr);
                    if (split > 0 && f.fromDict) {
                        cell += MatchMixer.CELLS;
                    }
                    double pb = Math.max(512, Math.min((1 << 20) - 512, p[cell] << 4)) / (double) (1 << 20);
                    if (MODE > 0) {
                        int lb = MatchMixer.lengthBucket(Math.min(f.length, 65535));
                        int h2 = (t >= 1 ? c[t - 1] & 0xFF : 0) | (t >= 2 ? (c[t - 2] & 0xFF) << 8 : 0);
                        int key = MODE == 1 ? (h2 * 4 + lb / 4) & CMASK : MODE == 2 ? ((h2 * 256 + b) * 4 + lb / 4) & CMASK
                                : ((h2 & 0xFF) * 256 + b) * 4 + lb / 4 & CMASK;
                        double q = ctxP[key];
                        double[] w = W[lb];
                        double x1 = st(pb);
                        double x2 = st(q);
                        double x3 = st(Math.max(1e-6, Math.min(1 - 1e-6, fr / (double) cum[256])));
                        double pm = sq(w[0] * x1 + w[1] * x2 + w[2] * x3 + w[3]);
                        pm = Math.max(1 / 2048.0, Math.min(1 - 1 / 2048.0, pm));
                        double y = s == b ? 1 : 0;
                        double err = y - pm;
                        w[0] += LR * err * x1;
                        w[1] += LR * err * x2;
                        w[2] += LR * err * x3;
                        w[3] += LR * err * 0.5;
                        int n2 = ctxN[key];
                        ctxP[key] += (y - q) / (n2 + 1.5);
                        if (n2 < LIMIT2) {
                            ctxN[key] = n2 + 1;
                        }
                        pb = pm;
                    }
                    if (s == b) {
                        prob = pb;
                    } else {
                        prob = (1 - pb) * (cum[s + 1] - cum[s]) / (double) (cum[256] - fr);
                    }
                    if (seen != null) {
                        seen[cell]++;
                        if (s == b) {
                            hits[cell]++;
                        }
                    }
                    int target = s == b ? MatchMixer.PROB_ONE - 1 : 1;
                    int k = count[cell];
                    int rate = (1 << 17) / (2 * k + 3);
                    int v = p[cell] + (int) ((long) (target - p[cell]) * rate >> 16);
                    p[cell] = Math.max(1, Math.min(MatchMixer.PROB_ONE - 1, v));
                    if (k < MatchMixer.COUNT_LIMIT) {
                        count[cell] = k + 1;
                    }
                }
                for (int oi = 0; oi < ORDERS.length; oi++) {
                    int order = ORDERS[oi];
                    int hv = 0;
                    for (int k = 1; k <= order; k++) {
                        hv = hv << 8 | (t >= k ? c[t - k] & 0xFF : 0);
                    }
                    int ctx = order <= 2 ? hv : hv * 0x9E3779B1 >>> 16;
                    int[] CNT = CNTS[oi];
                    int[] CTOT = CTOTS[oi];
                    double[] LAMW = LAMWS[oi];
                    int nc = CTOT[ctx];
                    if (nc > 0) {
                        int nb = Math.min(15, nc);
                        double lam = sq(LAMW[nb]);
                        double po = CNT[ctx << 8 | s] / (double) nc;
                        double pf = (1 - lam) * prob + lam * po;
                        LAMW[nb] += LR2 * (po - prob) / pf * lam * (1 - lam);
                        prob = pf;
                    }
                    if (CNT[ctx << 8 | s]++ == 0) {
                        TOUCHEDS[oi][nts[oi]++] = ctx << 8 | s;
                    }
                    CTOT[ctx]++;
                }
                total -= Math.log(prob);
                if (DUMP != null && ts.size() == 1) {
                    DUMP[t] = -Math.log(prob) / Math.log(2);
                    DUMP_MATCH[t] = f.length;
                }
                f.update(c[t], t);
            }
            n += c.length;
            if (PER != null) {
                PER.add(total - before);
            }
            before = total;
        }
        return total / Math.log(2) / n;
    }

    static int[] fit(List<Tables> train, byte[] dict, int[] dictTable, int bits) {
        int cells = MatchMixer.CELLS * (split + 1);
        int[] neutral = new int[cells];
        int[] base = MatchMixer.neutralPrior();
        for (int i = 0; i < cells; i++) {
            neutral[i] = base[i % MatchMixer.CELLS];
        }
        long[] hits = new long[cells];
        long[] seen = new long[cells];
        bits(train, dict, dictTable, bits, neutral, hits, seen);
        int[] prior = new int[cells];
        for (int i = 0; i < cells; i++) {
            double p = (hits[i] * (double) MatchMixer.PROB_ONE + 4.0 * neutral[i]) / (seen[i] + 4.0);
            prior[i] = (int) Math.max(1, Math.min(MatchMixer.PROB_ONE - 1, Math.round(p)));
        }
        return prior;
    }

    /** Dictionary: segments of segSize bytes evenly spaced over the corpus, offset half a stride, total size bytes. */
    static byte[] spread(String spec, int size, int segSize) {
        List<byte[]> segs = SampleChunks.of(spec, segSize, size / segSize);
        byte[] d = new byte[segs.size() * segSize];
        for (int i = 0; i < segs.size(); i++) {
            System.arraycopy(segs.get(i), 0, d, i * segSize, segSize);
        }
        return d;
    }

    public static void main(String[] args) throws Exception {
        // model valid validBytes chunk trainSpec trainChunks dictSpec dictSizes(comma) segSize
        ModelArtifact m = args[0].endsWith(".tpm") ? ModelArtifact.load(Files.readAllBytes(Path.of(args[0])))
                : ModelStores.resolve(args[0], new ClasspathModelStore());
        byte[] valid = Files.readAllBytes(Path.of(args[1]));
        int validBytes = Integer.parseInt(args[2]);
        int chunk = Integer.parseInt(args[3]);
        List<byte[]> vchunks = new ArrayList<>();
        for (int o = 0; o + chunk <= Math.min(validBytes, valid.length); o += chunk) {
            vchunks.add(java.util.Arrays.copyOfRange(valid, o, o + chunk));
        }
        List<byte[]> tchunks = SampleChunks.of(args[4], chunk, Integer.parseInt(args[5]));
        long t0 = System.nanoTime();
        List<Tables> vt = tables(m, vchunks);
        List<Tables> tt = tables(m, tchunks);
        System.out.printf("tables in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        int segSize = Integer.parseInt(args[8]);
        if (System.getenv("DUMP") != null) {
            DUMP_CHUNK = Integer.parseInt(System.getenv("DUMP"));
            DUMP = new double[chunk];
            DUMP_MATCH = new int[chunk];
        }
        for (String ds : args[7].split(",")) {
            int size = Integer.parseInt(ds);
            byte[] dict = size == 0 ? new byte[0] : spread(args[6], size, segSize);
            for (int sp = 0; sp <= (size == 0 ? 0 : 1); sp++) {
                split = sp;
                int bits = 10;
                while (bits < MAXB && (1 << bits) < dict.length + chunk) {
                    bits++;
                }
                int[] dt = Finder.dictTable(dict, bits);
                int[] prior = fit(tt, dict, dt, bits);
                double b = bits(vt, dict, dt, bits, prior, null, null);
                if (System.getenv("CHOOSE") != null) {
                    PER = new ArrayList<>();
                    bits(vt, dict, dt, bits, prior, null, null);
                    List<Double> withOrders = PER;
                    int[] keep = ORDERS;
                    ORDERS = new int[0];
                    PER = new ArrayList<>();
                    bits(vt, dict, dt, bits, prior, null, null);
                    double sum = 0;
                    int picked = 0;
                    for (int i = 0; i < PER.size(); i++) {
                        sum += Math.min(PER.get(i), withOrders.get(i)) + Math.log(2);
                        picked += withOrders.get(i) < PER.get(i) ? 1 : 0;
                    }
                    double bb = sum / Math.log(2) / (PER.size() * (double) chunk);
                    System.out.printf("choose: %.4f bits/byte (ratio %.2f), blend picked in %d of %d; without blend %.4f%n", bb, 8 / bb, picked, PER.size(), bits(vt, dict, dt, bits, prior, null, null));
                    ORDERS = keep;
                    PER = null;
                }
                double bt = bits(tt, dict, dt, bits, prior, null, null);
                if (DUMP != null) {
                    bits(List.of(vt.get(DUMP_CHUNK)), dict, dt, bits, prior, null, null);
                    dump(vt.get(DUMP_CHUNK).data());
                }
                System.out.printf("dict %6d split %d: valid %.4f bits/byte (ratio %.2f), train %.4f%n", dict.length, sp, b,
                        8 / b, bt);
            }
        }
    }
}
