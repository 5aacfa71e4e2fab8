package io.tokenpress.codec.model;

import io.tokenpress.codec.ModelIds;
import io.tokenpress.schema.ModelManifest;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * A loaded model artifact ({@code .tpm}, format in codec/MODEL.md): manifest, the integer tensors of the
 * decompressor and the compressor's float weights. Content-addressed: {@link #id()} is the hex SHA-256
 * of the artifact's bytes. Immutable.
 */
public final class ModelArtifact {
    /** Artifact format version this build writes. */
    public static final int FORMAT_VERSION = 1;

    /** The integer recipe of codec/MODEL.md this build runs. */
    public static final String QUANTIZATION = "int8-v1";

    /**
     * The recipe of an artifact whose tables go through match mixing (codec/MODEL.md, "Match mixing"): the
     * same integer network, plus the {@value #MATCH_PRIOR} tensor. A build that does not know it refuses the
     * artifact by name instead of decoding its chunks wrongly.
     */
    public static final String QUANTIZATION_MATCH_MIXING = QUANTIZATION + "+match-v1";

    /**
     * The integer recipe of an artifact whose match mixing is followed by context mixing (codec/MODEL.md,
     * "Context mixing"): the same network and prior as {@link #QUANTIZATION_MATCH_MIXING}, no new tensor.
     */
    public static final String QUANTIZATION_CONTEXT_MIXING = QUANTIZATION_MATCH_MIXING + "+context-v1";

    /**
     * The integer recipe of an artifact whose context mixing also uses line contexts (codec/MODEL.md, "Line
     * contexts"): the same network as {@link #QUANTIZATION_CONTEXT_MIXING}, a larger prior.
     */
    public static final String QUANTIZATION_LINE_MIXING = QUANTIZATION_CONTEXT_MIXING + "+lines-v1";

    /**
     * The optional primer of a {@link #QUANTIZATION_CONTEXT_MIXING} artifact (int8, the bytes the match finder
     * searches before each chunk; codec/MODEL.md, "Primer").
     */
    public static final String MATCH_PRIMER = "mix.primer";

    /** The match-mixing prior tensor of a {@link #QUANTIZATION_MATCH_MIXING} artifact. */
    public static final String MATCH_PRIOR = "mix.match.prior";

    private static final byte[] MAGIC = "TPMA".getBytes(StandardCharsets.US_ASCII);
    private static final int CHECKSUM_BYTES = 32;
    private static final int MAX_TENSORS = 100_000;
    private static final int MAX_RANK = 8;

    private final byte[] sha256;
    private final ModelManifest manifest;
    private final ArchConfig config;
    private final Map<String, ArtifactTensor> tensors;
    private final int sizeBytes;

    private ModelArtifact(byte[] sha256, ModelManifest manifest, Map<String, ArtifactTensor> tensors, int sizeBytes) {
        this.sha256 = sha256;
        this.manifest = manifest;
        this.tensors = Collections.unmodifiableMap(tensors);
        this.sizeBytes = sizeBytes;
        try {
            this.config = ArchConfig.fromMap(manifest.getArchitecture().entrySet().stream().collect(
                    java.util.stream.Collectors.toMap(e -> e.getKey().toString(), Map.Entry::getValue)));
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new CorruptModelException("model artifact has an invalid architecture: " + e.getMessage(), e);
        }
    }

    /** Hex SHA-256 of the artifact bytes: the model id. */
    public String id() {
        return ModelIds.toHex(sha256);
    }

    /** The full 32-byte SHA-256. */
    public byte[] sha256() {
        return sha256.clone();
    }

    /** The first {@value ModelIds#SHORT_ID_BYTES} bytes of the id, as envelopes carry them. */
    public byte[] shortId() {
        return Arrays.copyOf(sha256, ModelIds.SHORT_ID_BYTES);
    }

    public ArchConfig config() {
        return config;
    }

    /** The manifest, with {@code modelId} filled in. A copy: changes do not affect the artifact. */
    public ModelManifest manifest() {
        return ModelManifest.newBuilder(manifest).build();
    }

    public String name() {
        return manifest.getName().toString();
    }

    /** Size of the artifact in bytes. */
    public int sizeBytes() {
        return sizeBytes;
    }

    /** All tensors, by name. */
    public Map<String, ArtifactTensor> tensors() {
        return tensors;
    }

    /** The mixing stages of the artifact's recipe, or null when its tables are not mixed. */
    public Mixing mixing() {
        return Mixing.of(manifest.getQuantization());
    }

    /**
     * True when the artifact's tables go through match mixing ({@link #QUANTIZATION_MATCH_MIXING},
     * {@link #QUANTIZATION_CONTEXT_MIXING} or {@link #QUANTIZATION_LINE_MIXING}).
     */
    public boolean matchMixing() {
        return mixing() != null;
    }

    /**
     * True when match mixing is followed by context mixing ({@link #QUANTIZATION_CONTEXT_MIXING} or
     * {@link #QUANTIZATION_LINE_MIXING}).
     */
    public boolean contextMixing() {
        return matchMixing() && mixing().contexts();
    }

    /**
     * Checks that this build runs the artifact's integer recipe.
     *
     * @param engine names the runtime in the error
     * @throws CorruptModelException naming the artifact's recipe and the ones this build runs
     */
    public void requireKnownRecipe(String engine) {
        if (!QUANTIZATION.contentEquals(manifest.getQuantization()) && !matchMixing()) {
            throw new CorruptModelException("model " + id() + " uses quantization " + manifest.getQuantization() + "; " + engine
                    + " runs " + QUANTIZATION + ", " + QUANTIZATION_MATCH_MIXING + ", " + QUANTIZATION_CONTEXT_MIXING + " and "
                    + QUANTIZATION_LINE_MIXING + ": decode its data with a tokenpress build"
                    + " that knows that recipe");
        }
    }

    public boolean has(String name) {
        return tensors.containsKey(name);
    }

    /**
     * @throws CorruptModelException naming the tensor when it is missing
     */
    public ArtifactTensor tensor(String name) {
        ArtifactTensor t = tensors.get(name);
        if (t == null) {
            throw new CorruptModelException("model " + id() + " lacks tensor " + name);
        }
        return t;
    }

    /** True when the artifact carries a compressor ({@code cmp.*} float weights) that proposes latents. */
    public boolean hasCompressor() {
        return config.latentVocab() > 0 && config.encoderLayers() > 0 && config.compressorLayers() > 0
                && tensors.containsKey("cmp.dec.out");
    }

    /** The compressor's float weights ({@code cmp.*}). */
    public FloatWeights compressorWeights() {
        Map<String, FloatWeights.Tensor> m = new LinkedHashMap<>();
        for (ArtifactTensor t : tensors.values()) {
            if (t.dtype() == ArtifactTensor.DType.FLOAT32) {
                m.put(t.name(), new FloatWeights.Tensor(t.shape(), t.floats()));
            }
        }
        return new FloatWeights(config, m);
    }

    @Override
    public String toString() {
        return "model " + name() + "@" + id().substring(0, 16);
    }

    // ---- reading

    /**
     * Parses and verifies an artifact.
     *
     * @throws CorruptModelException if it is truncated, tampered with (checksum mismatch), of an unknown
     *     version, or malformed
     */
    public static ModelArtifact load(byte[] bytes) {
        CorruptModelException.verify(bytes != null && bytes.length >= MAGIC.length + 4 + CHECKSUM_BYTES,
                "model artifact too short: %d bytes", bytes == null ? 0 : bytes.length);
        CorruptModelException.verify(Arrays.equals(bytes, 0, 4, MAGIC, 0, 4),
                "not a tokenpress model artifact (magic %s)", ModelIds.toHex(Arrays.copyOf(bytes, 4)));
        ByteBuffer in = ByteBuffer.wrap(bytes, 0, bytes.length - CHECKSUM_BYTES);
        in.position(4);
        int version = in.getInt();
        CorruptModelException.verify(version == FORMAT_VERSION,
                "model artifact format version %d is not supported: this build reads version %d", version, FORMAT_VERSION);
        byte[] body = sha256(bytes, 0, bytes.length - CHECKSUM_BYTES);
        CorruptModelException.verify(Arrays.equals(body, 0, 32, bytes, bytes.length - CHECKSUM_BYTES, bytes.length),
                "model artifact checksum mismatch: the file is truncated or was modified");
        try {
            int mlen = in.getInt();
            CorruptModelException.verify(mlen >= 0 && mlen <= in.remaining(), "manifest length %d out of range", mlen);
            BinaryDecoder dec = DecoderFactory.get().binaryDecoder(bytes, in.position(), mlen, null);
            ModelManifest manifest = new SpecificDatumReader<>(ModelManifest.class).read(null, dec);
            in.position(in.position() + mlen);
            int count = in.getInt();
            CorruptModelException.verify(count >= 0 && count <= MAX_TENSORS, "tensor count %d out of range", count);
            Map<String, ArtifactTensor> tensors = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                ArtifactTensor t = readTensor(in);
                CorruptModelException.verify(tensors.put(t.name(), t) == null, "duplicate tensor %s", t.name());
            }
            CorruptModelException.verify(in.remaining() == 0, "%d unexpected bytes after the tensors", in.remaining());
            byte[] sha = sha256(bytes, 0, bytes.length);
            manifest.setModelId(ModelIds.toHex(sha));
            return new ModelArtifact(sha, manifest, tensors, bytes.length);
        } catch (java.nio.BufferUnderflowException | IOException | org.apache.avro.AvroRuntimeException
                | IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new CorruptModelException("malformed model artifact: " + e, e);
        }
    }

    private static ArtifactTensor readTensor(ByteBuffer in) {
        int nameLen = Short.toUnsignedInt(in.getShort());
        CorruptModelException.verify(nameLen <= in.remaining(), "tensor name length %d out of range", nameLen);
        byte[] nb = new byte[nameLen];
        in.get(nb);
        String name = new String(nb, StandardCharsets.UTF_8);
        ArtifactTensor.DType dtype = ArtifactTensor.DType.ofCode(in.get());
        int rank = in.get();
        CorruptModelException.verify(rank >= 0 && rank <= MAX_RANK, "tensor %s has rank %d", name, rank);
        int[] shape = new int[rank];
        long n = 1;
        for (int r = 0; r < rank; r++) {
            shape[r] = in.getInt();
            CorruptModelException.verify(shape[r] >= 0, "tensor %s has a negative dimension", name);
            n *= shape[r];
            CorruptModelException.verify(n * dtype.bytes <= in.remaining(), "tensor %s (%d values) exceeds the file", name, n);
        }
        int count = (int) n;
        if (dtype == ArtifactTensor.DType.FLOAT32) {
            float[] f = new float[count];
            in.asFloatBuffer().get(f);
            in.position(in.position() + 4 * count);
            return ArtifactTensor.ofFloats(name, shape, f);
        }
        int[] v = new int[count];
        switch (dtype) {
            case INT8 -> {
                for (int i = 0; i < count; i++) {
                    v[i] = in.get();
                }
            }
            case INT16 -> {
                for (int i = 0; i < count; i++) {
                    v[i] = in.getShort();
                }
            }
            default -> {
                in.asIntBuffer().get(v);
                in.position(in.position() + 4 * count);
            }
        }
        return ArtifactTensor.ofInts(name, dtype, shape, v);
    }

    // ---- writing

    /**
     * Serializes a manifest and tensors into artifact bytes (the manifest's {@code modelId} is written
     * empty: the id is the hash of the result).
     */
    public static byte[] write(ModelManifest manifest, Iterable<ArtifactTensor> tensors) {
        try {
            ByteArrayOutputStream bos = new ByteArrayOutputStream(1 << 16);
            DataOutputStream out = new DataOutputStream(bos);
            out.write(MAGIC);
            out.writeInt(FORMAT_VERSION);
            ModelManifest m = ModelManifest.newBuilder(manifest).setModelId("").build();
            ByteArrayOutputStream mb = new ByteArrayOutputStream();
            BinaryEncoder enc = EncoderFactory.get().directBinaryEncoder(mb, null);
            new SpecificDatumWriter<>(ModelManifest.class).write(m, enc);
            enc.flush();
            out.writeInt(mb.size());
            mb.writeTo(out);
            int count = 0;
            for (ArtifactTensor ignored : tensors) {
                count++;
            }
            out.writeInt(count);
            for (ArtifactTensor t : tensors) {
                byte[] nb = t.name().getBytes(StandardCharsets.UTF_8);
                out.writeShort(nb.length);
                out.write(nb);
                out.writeByte(t.dtype().code);
                out.writeByte(t.shape().length);
                for (int s : t.shape()) {
                    out.writeInt(s);
                }
                switch (t.dtype()) {
                    case INT8 -> {
                        for (int v : t.ints()) {
                            out.writeByte(v);
                        }
                    }
                    case INT16 -> {
                        for (int v : t.ints()) {
                            out.writeShort(v);
                        }
                    }
                    case INT32 -> {
                        for (int v : t.ints()) {
                            out.writeInt(v);
                        }
                    }
                    case FLOAT32 -> {
                        for (float v : t.floats()) {
                            out.writeFloat(v);
                        }
                    }
                }
            }
            out.flush();
            byte[] body = bos.toByteArray();
            byte[] sum = sha256(body, 0, body.length);
            byte[] all = Arrays.copyOf(body, body.length + CHECKSUM_BYTES);
            System.arraycopy(sum, 0, all, body.length, CHECKSUM_BYTES);
            return all;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** SHA-256 of a byte range. */
    public static byte[] sha256(byte[] b, int off, int len) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(b, off, len);
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
