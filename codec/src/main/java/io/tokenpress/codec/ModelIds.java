package io.tokenpress.codec;

import java.util.HexFormat;

/** Model ids: the SHA-256 of the artifact; envelopes carry its first {@value #SHORT_ID_BYTES} bytes. */
public final class ModelIds {
    /** Bytes of the SHA-256 an envelope carries. */
    public static final int SHORT_ID_BYTES = 8;

    private ModelIds() {}

    public static String toHex(byte[] id) {
        return HexFormat.of().formatHex(id);
    }

    public static byte[] fromHex(String hex) {
        return HexFormat.of().parseHex(hex);
    }
}
