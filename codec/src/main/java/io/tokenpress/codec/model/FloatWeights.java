package io.tokenpress.codec.model;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Float weights of a model pair, by tensor name (codec/MODEL.md lists the names and shapes): what
 * training produces and what the exporter quantizes into a model artifact. Also the training checkpoint
 * format ({@code TPFW}, version 1, big-endian).
 */
public final class FloatWeights {
    private static final int MAGIC = 0x54504657; // "TPFW"
    private static final int VERSION = 1;

    /** One tensor: its shape and its values in row-major order. */
    public record Tensor(int[] shape, float[] data) {
        public Tensor {
            long n = 1;
            for (int s : shape) {
                n *= s;
            }
            if (n != data.length) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " does not match " + data.length + " values");
            }
        }
    }

    private final ArchConfig config;
    private final Map<String, Tensor> tensors;

    public FloatWeights(ArchConfig config, Map<String, Tensor> tensors) {
        this.config = config;
        this.tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
    }

    public ArchConfig config() {
        return config;
    }

    public Map<String, Tensor> tensors() {
        return tensors;
    }

    /** @throws IllegalArgumentException naming the tensor when it is missing */
    public Tensor get(String name) {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException("model has no tensor " + name);
        }
        return t;
    }

    public boolean has(String name) {
        return tensors.containsKey(name);
    }

    /** These weights without the compressor's ({@code cmp.*}): the decompressor alone. */
    public FloatWeights withoutCompressor() {
        Map<String, Tensor> m = new LinkedHashMap<>(tensors);
        m.keySet().removeIf(n -> n.startsWith("cmp."));
        return new FloatWeights(config, m);
    }

    public void write(OutputStream os) throws IOException {
        DataOutputStream out = new DataOutputStream(os);
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        Map<String, Long> arch = config.toMap();
        out.writeInt(arch.size());
        for (Map.Entry<String, Long> e : arch.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeLong(e.getValue());
        }
        out.writeInt(tensors.size());
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            out.writeUTF(e.getKey());
            int[] shape = e.getValue().shape();
            out.writeInt(shape.length);
            for (int s : shape) {
                out.writeInt(s);
            }
            for (float f : e.getValue().data()) {
                out.writeFloat(f);
            }
        }
        out.flush();
    }

    public static FloatWeights read(InputStream is) throws IOException {
        DataInputStream in = new DataInputStream(is);
        if (in.readInt() != MAGIC) {
            throw new IOException("not a tokenpress float checkpoint (bad magic)");
        }
        int version = in.readInt();
        if (version != VERSION) {
            throw new IOException("unsupported float checkpoint version " + version);
        }
        int n = in.readInt();
        Map<String, Long> arch = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            arch.put(in.readUTF(), in.readLong());
        }
        int count = in.readInt();
        Map<String, Tensor> t = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            String name = in.readUTF();
            int rank = in.readInt();
            if (rank < 0 || rank > 8) {
                throw new IOException("bad rank " + rank + " for " + name);
            }
            int[] shape = new int[rank];
            long size = 1;
            for (int r = 0; r < rank; r++) {
                shape[r] = in.readInt();
                size *= shape[r];
            }
            if (size < 0 || size > (1L << 28)) {
                throw new IOException("bad size " + size + " for " + name);
            }
            float[] data = new float[(int) size];
            for (int k = 0; k < data.length; k++) {
                data[k] = in.readFloat();
            }
            t.put(name, new Tensor(shape, data));
        }
        return new FloatWeights(ArchConfig.fromMap(arch), t);
    }
}
