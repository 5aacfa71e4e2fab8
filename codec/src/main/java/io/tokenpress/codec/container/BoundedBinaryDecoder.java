package io.tokenpress.codec.container;

import io.tokenpress.codec.CorruptChunkException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.util.Utf8;

/**
 * An Avro binary decoder over a byte array that never allocates more than the input could hold: every
 * declared length of bytes, strings, arrays and maps is checked against the bytes that remain, so a
 * corrupt length is a {@link CorruptChunkException} rather than a huge allocation.
 */
final class BoundedBinaryDecoder extends Decoder {
    private final ByteArrayInputStream in;
    private final BinaryDecoder d;

    BoundedBinaryDecoder(byte[] data, int offset, int length) {
        this.in = new ByteArrayInputStream(data, offset, length);
        this.d = DecoderFactory.get().directBinaryDecoder(in, null);
    }

    int remaining() {
        return in.available();
    }

    private int checkedLength(long declared, String what) throws IOException {
        if (declared < 0 || declared > remaining()) {
            throw new CorruptChunkException(String.format(
                    "envelope declares a %s of %d bytes but only %d remain", what, declared, remaining()));
        }
        return (int) declared;
    }

    private long checkedCount(long count, String what) throws IOException {
        if (count < 0) {
            // negative block count: the absolute value follows with the block's size in bytes
            count = -count;
            d.readLong();
        }
        if (count > remaining()) {
            throw new CorruptChunkException(String.format(
                    "envelope declares a %s of %d items but only %d bytes remain", what, count, remaining()));
        }
        return count;
    }

    @Override
    public void readNull() throws IOException {
        d.readNull();
    }

    @Override
    public boolean readBoolean() throws IOException {
        return d.readBoolean();
    }

    @Override
    public int readInt() throws IOException {
        return d.readInt();
    }

    @Override
    public long readLong() throws IOException {
        return d.readLong();
    }

    @Override
    public float readFloat() throws IOException {
        return d.readFloat();
    }

    @Override
    public double readDouble() throws IOException {
        return d.readDouble();
    }

    @Override
    public Utf8 readString(Utf8 old) throws IOException {
        int n = checkedLength(d.readLong(), "string");
        byte[] b = new byte[n];
        d.readFixed(b, 0, n);
        return new Utf8(b);
    }

    @Override
    public String readString() throws IOException {
        int n = checkedLength(d.readLong(), "string");
        byte[] b = new byte[n];
        d.readFixed(b, 0, n);
        return new String(b, StandardCharsets.UTF_8);
    }

    @Override
    public void skipString() throws IOException {
        int n = checkedLength(d.readLong(), "string");
        d.skipFixed(n);
    }

    @Override
    public ByteBuffer readBytes(ByteBuffer old) throws IOException {
        int n = checkedLength(d.readLong(), "bytes field");
        byte[] b = new byte[n];
        d.readFixed(b, 0, n);
        return ByteBuffer.wrap(b);
    }

    @Override
    public void skipBytes() throws IOException {
        int n = checkedLength(d.readLong(), "bytes field");
        d.skipFixed(n);
    }

    @Override
    public void readFixed(byte[] bytes, int start, int length) throws IOException {
        checkedLength(length, "fixed field");
        d.readFixed(bytes, start, length);
    }

    @Override
    public void skipFixed(int length) throws IOException {
        checkedLength(length, "fixed field");
        d.skipFixed(length);
    }

    @Override
    public int readEnum() throws IOException {
        return d.readEnum();
    }

    @Override
    public long readArrayStart() throws IOException {
        return checkedCount(d.readLong(), "array");
    }

    @Override
    public long arrayNext() throws IOException {
        return checkedCount(d.readLong(), "array");
    }

    @Override
    public long skipArray() throws IOException {
        return checkedCount(d.readLong(), "array");
    }

    @Override
    public long readMapStart() throws IOException {
        return checkedCount(d.readLong(), "map");
    }

    @Override
    public long mapNext() throws IOException {
        return checkedCount(d.readLong(), "map");
    }

    @Override
    public long skipMap() throws IOException {
        return checkedCount(d.readLong(), "map");
    }

    @Override
    public int readIndex() throws IOException {
        return d.readIndex();
    }
}
