package io.tokenpress.codec.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenpress.codec.Codecs;
import io.tokenpress.codec.CorruptChunkException;
import io.tokenpress.schema.ChunkEnvelope;
import io.tokenpress.schema.RecordHeader;
import io.tokenpress.schema.RecordMeta;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** The records' metadata (keys, timestamps, headers) is checksummed: a corrupt key is an error, never a wrong key. */
class EnvelopeMetadataTest {
    private final EnvelopeFormat format = new EnvelopeFormat();

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static ChunkEnvelope chunk() {
        List<RecordMeta> records = List.of(
                RecordMeta.newBuilder().setKey(ByteBuffer.wrap(utf8("key-one-KKKK"))).setValueLength(3)
                        .setTimestamp(1_700_000_000_000L)
                        .setHeaders(List.of(new RecordHeader("trace", ByteBuffer.wrap(utf8("HHHH")))))
                        .setSourceOffset(7).build(),
                RecordMeta.newBuilder().setKey(null).setValueLength(-1).setTimestamp(1_700_000_000_001L)
                        .setHeaders(List.of()).setSourceOffset(8).build());
        return EnvelopeFormat.toEnvelope(Codecs.zstd(3).encode(utf8("abc")), records);
    }

    @Test
    void roundTripKeepsTheMetadataAndItsChecksum() {
        ChunkEnvelope e = chunk();
        ChunkEnvelope back = format.decode(format.encode(e));
        assertThat(back.getFormatVersion()).isEqualTo(EnvelopeFormat.FORMAT_VERSION);
        assertThat(back.getRecords()).isEqualTo(e.getRecords());
        assertThat(back.getRecordsCrc32c()).isEqualTo(EnvelopeFormat.recordsCrc32c(e.getRecords()));
    }

    @Test
    void aFlippedByteInAKeyOrHeaderIsDetected() {
        byte[] wire = format.encode(chunk());
        for (String marker : new String[] {"KKKK", "HHHH"}) {
            int at = indexOf(wire, utf8(marker));
            assertThat(at).as(marker).isPositive();
            byte[] bad = wire.clone();
            bad[at] ^= 0x01;
            assertThatThrownBy(() -> format.decode(bad))
                    .isInstanceOf(CorruptChunkException.class)
                    .hasMessageContaining("record metadata CRC32C mismatch");
        }
    }

    @Test
    void formatVersionOneEnvelopesWithoutTheChecksumStillDecode() {
        Schema v1 = EnvelopeFormat.writerSchemas().values().stream()
                .filter(s -> s.getField("recordsCrc32c") == null).findFirst().orElseThrow();
        assertThat(v1.getName()).isEqualTo("ChunkEnvelope");
        assertThat(EnvelopeFormat.writerSchemas()).hasSize(2);
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        for (int i = 0; i + needle.length <= hay.length; i++) {
            if (Arrays.equals(hay, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        return -1;
    }
}
