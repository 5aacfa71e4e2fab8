package io.tokenpress.codec.neural.djl;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import io.tokenpress.codec.model.ArchConfig;
import io.tokenpress.codec.model.ModelArtifact;
import io.tokenpress.codec.neural.DecompressorBackend;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * The {@code djl} backend: the integer decompressor of codec/MODEL.md on DJL's PyTorch engine, bit-identical
 * to the {@code java} reference. GEMMs run as float32 matrix products of int8-valued operands (exact), every
 * other step in float64 on integer values (exact), on the CPU or on the GPU DJL finds (override with the
 * system property {@value #DEVICE_PROPERTY}, e.g. {@code cpu}).
 *
 * <p>Teacher-forced evaluation runs tiles of up to {@value #TILE} positions at once (attention masked to the
 * window, keys of earlier tiles from a cache) for a batch of chunks that advance together;
 * {@link #evaluateBatch} sorts the chunks by length and forms batches of up to {@value #BATCH_ROWS} rows per
 * tile. With {@code threads > 1} the batches are spread over that many worker threads. Each engine call
 * runs with one PyTorch intra-op thread (set on the calling thread for the call and restored after): on a
 * busy machine, PyTorch's OpenMP threads waiting for each other made every small operation about ten times
 * slower. Results depend on neither thread count. Incremental evaluation runs the same kernels on tiles of
 * one position with a KV cache.
 */
public final class DjlDecompressorBackend implements DecompressorBackend {
    /** System property naming the device, e.g. {@code cpu} or {@code gpu0}; default: DJL's default device. */
    public static final String DEVICE_PROPERTY = "tokenpress.djl.device";

    /** Positions per teacher-forced tile. */
    static final int TILE = 128;

    /** Rows (chunks × positions) per tile of a batch. */
    static final int BATCH_ROWS = 2048;

    private final ModelArtifact artifact;
    private final DjlWeights weights;
    private final DjlKernels kernels;
    private final Device device;
    private final int threads;
    private final int intraOpThreads;
    private final ExecutorService pool;

    /**
     * @param threads worker threads of {@link #evaluateBatch} (1: the calling thread only)
     * @throws IllegalStateException if the PyTorch engine cannot be loaded
     * @throws io.tokenpress.codec.model.CorruptModelException if the artifact's tensors are inconsistent
     */
    public DjlDecompressorBackend(ModelArtifact artifact, int threads) {
        this(artifact, threads, 1, null);
    }

    /**
     * @param intraOpThreads PyTorch intra-op threads of each engine call
     * @param splitProbabilities exact {@code P·V} with factors below 2^8 (see {@link DjlKernels}); null: on
     *     GPUs only, where float32 GEMM inputs may be rounded to TF32
     */
    DjlDecompressorBackend(ModelArtifact artifact, int threads, int intraOpThreads, Boolean splitProbabilities) {
        if (threads < 1 || intraOpThreads < 1) {
            throw new IllegalArgumentException("threads must be >= 1: " + threads + ", " + intraOpThreads);
        }
        this.artifact = artifact;
        this.threads = threads;
        this.intraOpThreads = intraOpThreads;
        Engine engine = pytorch();
        String named = System.getProperty(DEVICE_PROPERTY);
        this.device = named == null || named.isBlank() ? engine.defaultDevice() : Device.fromName(named, engine);
        NDManager nd = engine.newBaseManager(device);
        try {
            this.weights = new DjlWeights(artifact, nd);
            this.kernels = new DjlKernels(weights, splitProbabilities != null ? splitProbabilities : device.isGpu());
        } catch (RuntimeException e) {
            nd.close();
            throw e;
        }
        this.pool = threads == 1 ? null : Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "tokenpress-djl-inference");
            t.setDaemon(true);
            return t;
        });
    }

    /** DJL's PyTorch engine, offline unless configured otherwise. */
    static Engine pytorch() {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        try {
            return Engine.getEngine("PyTorch");
        } catch (RuntimeException | LinkageError e) {
            throw new IllegalStateException("the djl inference engine could not load PyTorch (is the "
                    + "pytorch-native-cpu jar on the class path?): " + e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return DjlBackendProvider.NAME;
    }

    @Override
    public ModelArtifact model() {
        return artifact;
    }

    /** The device the backend runs on. */
    public Device device() {
        return device;
    }

    @Override
    public void evaluate(int[] latent, byte[] data, TableSink sink) {
        evaluateBatch(List.of(latent), List.of(data), (c, t, cum) -> sink.accept(t, cum));
    }

    @Override
    public void evaluateBatch(List<int[]> latents, List<byte[]> chunks, BatchSink sink) {
        if (latents.size() != chunks.size()) {
            throw new IllegalArgumentException(latents.size() + " latents for " + chunks.size() + " chunks");
        }
        List<int[]> groups = groups(chunks);
        Object lock = new Object();
        if (pool == null || groups.size() < 2) {
            for (int[] g : groups) {
                runGroup(g, latents, chunks, sink, lock);
            }
            return;
        }
        List<Future<?>> fs = new ArrayList<>();
        for (int[] g : groups) {
            fs.add(pool.submit(() -> runGroup(g, latents, chunks, sink, lock)));
        }
        RuntimeException failure = null;
        for (Future<?> f : fs) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fs.forEach(x -> x.cancel(true));
                throw new IllegalStateException("interrupted", e);
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * The non-empty chunks, longest first, in batches of similar length: at most {@link #BATCH_ROWS} rows per
     * tile, and at least as many batches as threads when there are enough chunks.
     */
    private List<int[]> groups(List<byte[]> chunks) {
        Integer[] order = new Integer[chunks.size()];
        int n = 0;
        for (int i = 0; i < chunks.size(); i++) {
            if (chunks.get(i).length > 0) {
                order[n++] = i;
            }
        }
        Integer[] live = Arrays.copyOf(order, n);
        Arrays.sort(live, Comparator.comparingInt((Integer i) -> chunks.get(i).length).reversed());
        List<int[]> groups = new ArrayList<>();
        int from = 0;
        while (from < n) {
            int tile = Math.min(TILE, chunks.get(live[from]).length);
            int size = Math.max(1, BATCH_ROWS / tile);
            size = Math.min(size, Math.max(1, (n + threads - 1) / threads));
            int to = Math.min(n, from + size);
            int[] g = new int[to - from];
            for (int i = from; i < to; i++) {
                g[i - from] = live[i];
            }
            groups.add(g);
            from = to;
        }
        return groups;
    }

    /** Evaluates chunks {@code g} (longest first) together, tile by tile. */
    private void runGroup(int[] g, List<int[]> latents, List<byte[]> chunks, BatchSink sink, Object lock) {
        int b = g.length;
        int longest = chunks.get(g[0]).length;
        int tile = Math.min(TILE, longest);
        int[][] lat = new int[b][];
        for (int j = 0; j < b; j++) {
            lat[j] = latents.get(g[j]);
        }
        int[] table = new int[ArchConfig.BYTE_SYMBOLS + 1];
        try (DjlDecoderRun run = withIntraOpThreads(() -> new DjlDecoderRun(weights, kernels, lat))) {
            for (int start = 0; start < longest; start += tile) {
                int count = Math.min(tile, longest - start);
                int[] tokens = new int[b * count];
                for (int j = 0; j < b; j++) {
                    byte[] data = chunks.get(g[j]);
                    for (int i = 0; i < count; i++) {
                        int t = start + i;
                        tokens[j * count + i] = t == 0 ? ArchConfig.BOS : t <= data.length ? data[t - 1] & 0xFF : 0;
                    }
                }
                int[] tables = withIntraOpThreads(() -> run.step(tokens, count));
                synchronized (lock) {
                    for (int j = 0; j < b; j++) {
                        int len = chunks.get(g[j]).length;
                        for (int i = 0; i < count && start + i < len; i++) {
                            System.arraycopy(tables, (j * count + i) * table.length, table, 0, table.length);
                            sink.accept(g[j], start + i, table);
                        }
                    }
                }
            }
        }
    }

    @Override
    public Session open(int[] latent) {
        DjlDecoderRun run = withIntraOpThreads(() -> new DjlDecoderRun(weights, kernels, new int[][] {latent}));
        return new Session() {
            private final int[] token = new int[1];
            private final int[] table = new int[ArchConfig.BYTE_SYMBOLS + 1];

            @Override
            public int[] next(int inputToken) {
                token[0] = inputToken;
                System.arraycopy(withIntraOpThreads(() -> run.step(token, 1)), 0, table, 0, table.length);
                return table;
            }

            @Override
            public int position() {
                return run.position();
            }

            @Override
            public void close() {
                run.close();
            }
        };
    }

    /** Native arrays this backend holds now (weights, live evaluations); for leak tests. */
    int liveArrays() {
        return ((BaseNDManager) weights.nd).getManagedArrays().size();
    }

    /** Runs {@code body} with this backend's PyTorch intra-op thread count on the calling thread. */
    private <T> T withIntraOpThreads(Supplier<T> body) {
        int before = JniUtils.getNumThreads();
        if (before == intraOpThreads) {
            return body.get();
        }
        JniUtils.setNumThreads(intraOpThreads);
        try {
            return body.get();
        } finally {
            JniUtils.setNumThreads(before);
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
        weights.close();
    }
}
