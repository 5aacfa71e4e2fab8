package io.tokenpress.serdes.internals;

import io.tokenpress.codec.CorruptChunkException;
import io.tokenpress.codec.container.EnvelopeFormat;
import io.tokenpress.schema.ChunkEnvelope;
import io.tokenpress.serdes.registry.SchemaRegistryClient;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import org.apache.avro.Schema;

/**
 * Writes and reads envelopes in the two wire formats: Avro single-object encoding ({@code C3 01} +
 * fingerprint) without a schema registry, the Confluent wire format (byte 0, 4-byte big-endian schema id,
 * Avro binary) with one. Reading accepts both, whatever this instance writes.
 */
public final class EnvelopeWireFormat {
    static final byte CONFLUENT_MAGIC = 0;
    static final int CONFLUENT_HEADER_BYTES = 5;

    private static final Schema ENVELOPE_SCHEMA = ChunkEnvelope.getClassSchema();

    private final EnvelopeFormat format;
    private final SchemaRegistryClient registry;
    private final boolean autoRegister;

    /**
     * @param registry the schema registry, or null to write single-object encoding
     * @param autoRegister register the envelope schema on first write (else look it up)
     */
    public EnvelopeWireFormat(EnvelopeFormat format, SchemaRegistryClient registry, boolean autoRegister) {
        this.format = format;
        this.registry = registry;
        this.autoRegister = autoRegister;
    }

    /** The underlying envelope format. */
    public EnvelopeFormat envelopeFormat() {
        return format;
    }

    /** The subject an envelope of {@code topic} is registered under (the topic-name strategy). */
    public static String subject(String topic, boolean isKey) {
        return topic + (isKey ? "-key" : "-value");
    }

    /**
     * Serializes {@code envelope} for {@code topic}.
     *
     * @throws io.tokenpress.serdes.registry.SchemaRegistryException if the registry refuses the schema
     */
    public byte[] write(String topic, boolean isKey, ChunkEnvelope envelope) {
        if (registry == null) {
            return format.encode(envelope);
        }
        String subject = subject(topic, isKey);
        int id = autoRegister ? registry.register(subject, ENVELOPE_SCHEMA) : registry.lookup(subject, ENVELOPE_SCHEMA);
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + envelope.getPayload().remaining());
        out.write(CONFLUENT_MAGIC);
        out.writeBytes(ByteBuffer.allocate(4).putInt(id).array());
        EnvelopeFormat.writeBody(envelope, out);
        return out.toByteArray();
    }

    /**
     * Parses an envelope in either wire format, resolving older (or newer, compatible) writer schemas to the
     * current one.
     *
     * @throws CorruptChunkException if the bytes are not a readable envelope: unknown header, corrupt or
     *     truncated body, unknown format version, a registry schema that is not an envelope
     * @throws io.tokenpress.serdes.registry.SchemaRegistryException if the writer schema cannot be fetched
     */
    public ChunkEnvelope read(byte[] data) {
        CorruptChunkException.verify(data.length > 0, "empty envelope (0 bytes)");
        if (EnvelopeFormat.isSingleObject(data)) {
            return format.decode(data);
        }
        CorruptChunkException.verify(data[0] == CONFLUENT_MAGIC,
                "not a tokenpress envelope: first byte %02X is neither the single-object header C3 01 nor the "
                        + "Confluent wire-format magic byte 00", data[0]);
        CorruptChunkException.verify(data.length >= CONFLUENT_HEADER_BYTES,
                "envelope in Confluent wire format truncated: %d bytes", data.length);
        int id = ByteBuffer.wrap(data, 1, 4).getInt();
        if (registry == null) {
            throw new CorruptChunkException("envelope in Confluent wire format (schema id " + id + ") but no "
                    + "schema.registry.url is configured to resolve its schema");
        }
        Schema writer = registry.schemaById(id);
        CorruptChunkException.verify(ENVELOPE_SCHEMA.getFullName().equals(writer.getFullName()),
                "schema id %d is '%s', not a tokenpress envelope (%s)", id, writer.getFullName(),
                ENVELOPE_SCHEMA.getFullName());
        return format.decodeBody(data, CONFLUENT_HEADER_BYTES, data.length - CONFLUENT_HEADER_BYTES, writer);
    }
}
