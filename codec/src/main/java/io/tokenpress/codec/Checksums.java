package io.tokenpress.codec;

import java.util.zip.CRC32C;

/** Checksums every envelope carries. */
public final class Checksums {
    private Checksums() {}

    /** CRC32C of {@code data}, as a signed int (the envelope's representation). */
    public static int crc32c(byte[] data) {
        return crc32c(data, 0, data.length);
    }

    public static int crc32c(byte[] data, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(data, offset, length);
        return (int) crc.getValue();
    }
}
