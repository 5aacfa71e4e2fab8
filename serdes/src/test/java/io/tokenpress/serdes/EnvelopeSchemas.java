package io.tokenpress.serdes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tokenpress.codec.container.EnvelopeFormat;
import io.tokenpress.schema.ChunkEnvelope;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Iterator;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;

/**
 * Other versions of the envelope schema, for schema-evolution tests: an "old" one (v0: records without
 * {@code sourceOffset}) and a "new" one (v2: an added {@code producerId} field with a default).
 */
public final class EnvelopeSchemas {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EnvelopeSchemas() {}

    /**
     * An envelope schema as it might have been before {@code RecordMeta.sourceOffset} existed: the real
     * format-version-1 schema (no {@code recordsCrc32c}) without that field. Write it with format version 1.
     */
    public static Schema v0() {
        try {
            ObjectNode root = (ObjectNode) JSON.readTree(ChunkEnvelope.getClassSchema().toString());
            ArrayNode top = (ArrayNode) root.get("fields");
            for (Iterator<JsonNode> it = top.elements(); it.hasNext(); ) {
                if (it.next().get("name").asText().equals("recordsCrc32c")) {
                    it.remove();
                }
            }
            ObjectNode recordMeta = (ObjectNode) find(root, "records").get("type").get("items");
            ArrayNode fields = (ArrayNode) recordMeta.get("fields");
            for (Iterator<JsonNode> it = fields.elements(); it.hasNext(); ) {
                if (it.next().get("name").asText().equals("sourceOffset")) {
                    it.remove();
                }
            }
            return new Schema.Parser().parse(root.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A future envelope schema with one more field, {@code producerId} (string, default ""). */
    public static Schema v2() {
        return withProducerId(true);
    }

    /** Like {@link #v2()} but the added field has no default: readers of it cannot read older data. */
    public static Schema v2WithoutDefault() {
        return withProducerId(false);
    }

    private static Schema withProducerId(boolean withDefault) {
        try {
            ObjectNode root = (ObjectNode) JSON.readTree(ChunkEnvelope.getClassSchema().toString());
            ObjectNode added = JSON.createObjectNode().put("name", "producerId").put("type", "string");
            if (withDefault) {
                added.put("default", "");
            }
            ((ArrayNode) root.get("fields")).add(added);
            return new Schema.Parser().parse(root.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode find(ObjectNode record, String field) {
        for (JsonNode f : record.get("fields")) {
            if (f.get("name").asText().equals(field)) {
                return (ObjectNode) f;
            }
        }
        throw new IllegalArgumentException("no field " + field);
    }

    /** The Avro binary body of {@code envelope} as a writer of schema {@code writer} would have written it. */
    public static byte[] bodyAs(ChunkEnvelope envelope, Schema writer) {
        try {
            ByteArrayOutputStream current = new ByteArrayOutputStream();
            EnvelopeFormat.writeBody(envelope, current);
            GenericRecord asWriter = new GenericDatumReader<GenericRecord>(ChunkEnvelope.getClassSchema(), writer)
                    .read(null, DecoderFactory.get().binaryDecoder(current.toByteArray(), null));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder enc = EncoderFactory.get().directBinaryEncoder(out, null);
            new GenericDatumWriter<GenericRecord>(writer).write(asWriter, enc);
            enc.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code body} in the Confluent wire format with schema id {@code id}. */
    public static byte[] confluent(int id, byte[] body) {
        return ByteBuffer.allocate(5 + body.length).put((byte) 0).putInt(id).put(body).array();
    }
}
