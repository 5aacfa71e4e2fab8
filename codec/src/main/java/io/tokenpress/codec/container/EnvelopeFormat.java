package io.tokenpress.codec.container;

import io.tokenpress.codec.CodedBlock;
import io.tokenpress.codec.CorruptChunkException;
import io.tokenpress.schema.ChunkEnvelope;
import io.tokenpress.schema.RecordMeta;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * The envelope wire format without a schema registry: Avro single-object encoding ({@code C3 01}, the
 * 8-byte little-endian CRC-64-AVRO fingerprint of the writer schema, then Avro binary). Readers know
 * every envelope schema version ever written and resolve old data to the current schema.
 *
 * <p>Decoding never trusts a declared length: byte, array and map lengths are checked against the
 * input, and the original length against {@link #maxChunkBytes()}.
 */
public final class EnvelopeFormat {
    /** The envelope format version this build writes. */
    public static final int FORMAT_VERSION = 2;

    /** Format versions this build reads. */
    public static final int MIN_READABLE_VERSION = 1;

    public static final int MAX_READABLE_VERSION = 2;

    /** The first format version whose envelopes carry {@code recordsCrc32c}. */
    static final int RECORDS_CRC_SINCE = 2;

    static final byte MAGIC_0 = (byte) 0xC3;
    static final byte MAGIC_1 = 0x01;
    static final int HEADER_BYTES = 10;

    /** Default cap on a chunk's declared original length. */
    public static final int DEFAULT_MAX_CHUNK_BYTES = 64 << 20;

    private static final Schema CURRENT = ChunkEnvelope.getClassSchema();
    private static final Map<Long, Schema> WRITER_SCHEMAS = knownWriterSchemas();

    // Avro datum readers and writers are costly to build (schema resolution) and not documented as
    // thread-safe: one per thread, readers per writer schema.
    private static final ThreadLocal<Map<Schema, SpecificDatumReader<ChunkEnvelope>>> READERS =
            ThreadLocal.withInitial(HashMap::new);
    private static final ThreadLocal<SpecificDatumWriter<ChunkEnvelope>> ENVELOPE_WRITER =
            ThreadLocal.withInitial(() -> new SpecificDatumWriter<>(ChunkEnvelope.class));
    private static final ThreadLocal<SpecificDatumWriter<RecordMeta>> RECORD_WRITER =
            ThreadLocal.withInitial(() -> new SpecificDatumWriter<>(RecordMeta.class));

    private final int maxChunkBytes;

    public EnvelopeFormat() {
        this(DEFAULT_MAX_CHUNK_BYTES);
    }

    /** @param maxChunkBytes envelopes declaring a larger original length are rejected as corrupt */
    public EnvelopeFormat(int maxChunkBytes) {
        if (maxChunkBytes < 1) {
            throw new IllegalArgumentException("maxChunkBytes must be positive: " + maxChunkBytes);
        }
        this.maxChunkBytes = maxChunkBytes;
    }

    public int maxChunkBytes() {
        return maxChunkBytes;
    }

    private static Map<Long, Schema> knownWriterSchemas() {
        Map<Long, Schema> m = new HashMap<>();
        // every schema version ever written: older ones from resources, then the current one
        for (String old : new String[] {"ChunkEnvelope-v1.avsc"}) {
            try (InputStream in = EnvelopeFormat.class.getResourceAsStream("/tokenpress/envelope/" + old)) {
                Schema s = new Schema.Parser().parse(in);
                m.put(SchemaNormalization.parsingFingerprint64(s), s);
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException("cannot load bundled envelope schema " + old, e);
            }
        }
        m.put(SchemaNormalization.parsingFingerprint64(CURRENT), CURRENT);
        return m;
    }

    /** The fingerprint of the schema this build writes. */
    public static long currentFingerprint() {
        return SchemaNormalization.parsingFingerprint64(CURRENT);
    }

    /** Builds the Avro envelope for a coded block and its records' metadata. */
    public static ChunkEnvelope toEnvelope(CodedBlock block, List<RecordMeta> records) {
        return ChunkEnvelope.newBuilder()
                .setFormatVersion(FORMAT_VERSION)
                .setRecordsCrc32c(0) // set when written
                .setCodec(block.codec())
                .setModelId(ByteBuffer.wrap(block.modelId()))
                .setLatentTokens(Arrays.stream(block.latentTokens()).boxed().toList())
                .setPayload(ByteBuffer.wrap(block.payload()))
                .setOriginalLength(block.originalLength())
                .setCrc32c(block.crc32c())
                .setRecords(records)
                .build();
    }

    /**
     * The coded block an envelope carries.
     *
     * @throws CorruptChunkException if the envelope's fields are out of range
     */
    public CodedBlock toBlock(ChunkEnvelope e) {
        checkVersion(e.getFormatVersion());
        CorruptChunkException.verify(
                e.getOriginalLength() >= 0 && e.getOriginalLength() <= maxChunkBytes,
                "envelope declares an original length of %d bytes, over the limit of %d (max.chunk.bytes)",
                e.getOriginalLength(),
                maxChunkBytes);
        CorruptChunkException.verify(e.getCodec() != null, "envelope names no codec");
        int[] latent = e.getLatentTokens().stream().mapToInt(Integer::intValue).toArray();
        return new CodedBlock(
                e.getCodec(), bytes(e.getModelId()), latent, bytes(e.getPayload()), (int) e.getOriginalLength(), e.getCrc32c());
    }

    static void checkVersion(int version) {
        CorruptChunkException.verify(
                version >= MIN_READABLE_VERSION && version <= MAX_READABLE_VERSION,
                "unknown envelope format version %d: this build reads versions %d..%d; upgrade tokenpress to read it",
                version,
                MIN_READABLE_VERSION,
                MAX_READABLE_VERSION);
    }

    static byte[] bytes(ByteBuffer b) {
        ByteBuffer d = b.duplicate();
        byte[] out = new byte[d.remaining()];
        d.get(out);
        return out;
    }

    /** Schemas of every envelope version this build reads, by CRC-64-AVRO fingerprint. */
    public static Map<Long, Schema> writerSchemas() {
        return java.util.Collections.unmodifiableMap(WRITER_SCHEMAS);
    }

    /** CRC32C of the Avro binary encoding of {@code records}, the checksum of the chunk's metadata. */
    public static int recordsCrc32c(List<RecordMeta> records) {
        try {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            BinaryEncoder enc = EncoderFactory.get().directBinaryEncoder(buf, null);
            enc.writeArrayStart();
            enc.setItemCount(records.size());
            SpecificDatumWriter<RecordMeta> w = RECORD_WRITER.get();
            for (RecordMeta r : records) {
                enc.startItem();
                w.write(r, enc);
            }
            enc.writeArrayEnd();
            enc.flush();
            return io.tokenpress.codec.Checksums.crc32c(buf.toByteArray());
        } catch (IOException ex) {
            throw new IllegalStateException("cannot encode record metadata", ex);
        }
    }

    /** Serializes with the single-object header. */
    public byte[] encode(ChunkEnvelope e) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + e.getPayload().remaining());
        out.write(MAGIC_0);
        out.write(MAGIC_1);
        byte[] fp = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(currentFingerprint()).array();
        out.write(fp, 0, 8);
        writeBody(e, out);
        return out.toByteArray();
    }

    /**
     * Writes the Avro binary body alone (used by the schema-registry wire format). Sets the envelope's
     * {@code recordsCrc32c} to the checksum of its records first.
     */
    public static void writeBody(ChunkEnvelope e, java.io.OutputStream out) {
        e.setRecordsCrc32c(recordsCrc32c(e.getRecords()));
        try {
            BinaryEncoder enc = EncoderFactory.get().directBinaryEncoder(out, null);
            ENVELOPE_WRITER.get().write(e, enc);
            enc.flush();
        } catch (IOException ex) {
            throw new IllegalStateException("cannot serialize envelope", ex);
        }
    }

    /** True when {@code data} starts with the single-object header. */
    public static boolean isSingleObject(byte[] data) {
        return data != null && data.length >= 2 && data[0] == MAGIC_0 && data[1] == MAGIC_1;
    }

    /**
     * Parses a single-object envelope.
     *
     * @throws CorruptChunkException if it is truncated, corrupt, of an unknown schema or version
     */
    public ChunkEnvelope decode(byte[] data) {
        CorruptChunkException.verify(data != null && data.length >= HEADER_BYTES,
                "envelope too short: %d bytes", data == null ? 0 : data.length);
        CorruptChunkException.verify(isSingleObject(data),
                "not a tokenpress envelope: expected header C3 01, found %02X %02X", data[0], data[1]);
        long fp = ByteBuffer.wrap(data, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        Schema writer = WRITER_SCHEMAS.get(fp);
        CorruptChunkException.verify(writer != null,
                "envelope written with an unknown schema (fingerprint %016x): written by a newer tokenpress, or corrupt", fp);
        return decodeBody(data, HEADER_BYTES, data.length - HEADER_BYTES, writer);
    }

    /** Parses an Avro binary body written with {@code writer}, resolving it to the current schema. */
    public ChunkEnvelope decodeBody(byte[] data, int offset, int length, Schema writer) {
        BoundedBinaryDecoder in = new BoundedBinaryDecoder(data, offset, length);
        ChunkEnvelope e;
        try {
            e = READERS.get().computeIfAbsent(writer, w -> new SpecificDatumReader<>(w, CURRENT)).read(null, in);
        } catch (EOFException ex) {
            throw new CorruptChunkException("envelope truncated", ex);
        } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException | ClassCastException
                | NegativeArraySizeException | IllegalArgumentException ex) {
            throw new CorruptChunkException("corrupt envelope: " + ex, ex);
        }
        CorruptChunkException.verify(in.remaining() == 0, "envelope has %d trailing bytes", in.remaining());
        checkVersion(e.getFormatVersion());
        if (e.getFormatVersion() >= RECORDS_CRC_SINCE) {
            int crc = recordsCrc32c(e.getRecords());
            CorruptChunkException.verify(crc == e.getRecordsCrc32c(),
                    "record metadata CRC32C mismatch: envelope says %08x, its keys/timestamps/headers give %08x",
                    e.getRecordsCrc32c(), crc);
        }
        return e;
    }

    /** Reads the next length-prefixed envelope from a stream of them (the file format of {@code compress}); null at end. */
    public static byte[] readFramed(InputStream in, int maxBytes) throws IOException {
        int b0 = in.read();
        if (b0 < 0) {
            return null;
        }
        int len = b0;
        for (int i = 1; i < 4; i++) {
            int b = in.read();
            if (b < 0) {
                throw new CorruptChunkException("truncated envelope length prefix");
            }
            len = (len << 8) | b;
        }
        CorruptChunkException.verify(len >= 0 && len <= maxBytes, "envelope length %d out of range (limit %d)", len, maxBytes);
        byte[] out = in.readNBytes(len);
        CorruptChunkException.verify(out.length == len, "truncated envelope: %d of %d bytes", out.length, len);
        return out;
    }
}
