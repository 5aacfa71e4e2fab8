package io.tokenpress.processor.chunk;

import io.tokenpress.serdes.ChunkRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serde of a {@link ChunkRecord} waiting in the chunk buffer state store (and its changelog). Format
 * version 1: version byte, source offset, timestamp, key, value, headers; lengths of -1 mean null.
 */
public final class BufferedRecordSerde implements Serde<ChunkRecord> {
    private static final int VERSION = 1;

    @Override
    public Serializer<ChunkRecord> serializer() {
        return (topic, r) -> r == null ? null : write(r);
    }

    @Override
    public Deserializer<ChunkRecord> deserializer() {
        return (topic, data) -> data == null ? null : read(data);
    }

    static byte[] write(ChunkRecord r) {
        ByteArrayOutputStream bos = new ByteArrayOutputStream(32 + r.sizeInBytes());
        try (DataOutputStream out = new DataOutputStream(bos)) {
            out.writeByte(VERSION);
            out.writeLong(r.sourceOffset());
            out.writeLong(r.timestamp());
            writeBytes(out, r.key());
            writeBytes(out, r.value());
            Header[] headers = r.headers().toArray();
            out.writeInt(headers.length);
            for (Header h : headers) {
                out.writeUTF(h.key());
                writeBytes(out, h.value());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bos.toByteArray();
    }

    static ChunkRecord read(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            int version = in.readUnsignedByte();
            if (version != VERSION) {
                throw new SerializationException("unknown buffered record version " + version + " (this build reads " + VERSION + ")");
            }
            long offset = in.readLong();
            long timestamp = in.readLong();
            byte[] key = readBytes(in, data.length);
            byte[] value = readBytes(in, data.length);
            int n = in.readInt();
            if (n < 0 || n > data.length) {
                throw new SerializationException("corrupt buffered record: " + n + " headers");
            }
            RecordHeaders hs = new RecordHeaders();
            for (int i = 0; i < n; i++) {
                hs.add(in.readUTF(), readBytes(in, data.length));
            }
            return new ChunkRecord(key, value, timestamp, hs, offset);
        } catch (IOException e) {
            throw new SerializationException("corrupt buffered record: " + e.getMessage(), e);
        }
    }

    private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
        if (b == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(b.length);
            out.write(b);
        }
    }

    private static byte[] readBytes(DataInputStream in, int limit) throws IOException {
        int n = in.readInt();
        if (n == -1) {
            return null;
        }
        if (n < 0 || n > limit) {
            throw new SerializationException("corrupt buffered record: length " + n);
        }
        byte[] b = in.readNBytes(n);
        if (b.length != n) {
            throw new SerializationException("corrupt buffered record: truncated after " + b.length + " of " + n + " bytes");
        }
        return b;
    }
}
