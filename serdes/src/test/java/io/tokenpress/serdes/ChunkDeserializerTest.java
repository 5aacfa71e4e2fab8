package io.tokenpress.serdes;

import static io.tokenpress.serdes.TestChunks.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenpress.codec.container.EnvelopeFormat;
import io.tokenpress.schema.ChunkEnvelope;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class ChunkDeserializerTest {
    private final ChunkDeserializer chunks = new ChunkDeserializer(Map.of());

    @Test
    void yieldsTheChunksRecordsInOrder() {
        List<ChunkRecord> originals = List.of(record("a", "first", 1000, 10), record(null, "second", 1001, 11),
                record("c", null, 1002, 12), record("d", "", 1003, 13));
        List<ChunkRecord> read = chunks.deserialize("orders.tp", TestChunks.chunk(originals));
        assertThat(read).containsExactlyElementsOf(originals);
        assertThat(read.get(2).value()).as("tombstone inside a chunk").isNull();
        assertThat(new String(read.get(0).headers().lastHeader("trace").value(), StandardCharsets.UTF_8))
                .isEqualTo("t-10");
    }

    @Test
    void nullStaysNull() {
        assertThat(chunks.deserialize("orders.tp", null)).isNull();
    }

    @Test
    void aSingleValueIsOneRecordWithTheOuterHeaders() {
        byte[] wire = new TokenpressSerializer<>(new StringSerializer()).serialize("t", "only");
        RecordHeaders outer = new RecordHeaders();
        outer.add("h", new byte[] {1});
        List<ChunkRecord> read = chunks.deserialize("t", outer, wire);
        assertThat(read).hasSize(1);
        assertThat(read.get(0).value()).isEqualTo("only".getBytes(StandardCharsets.UTF_8));
        assertThat(read.get(0).headers()).isEqualTo(outer);
        assertThat(read.get(0).timestamp()).isEqualTo(ChunkRecord.NO_TIMESTAMP);
    }

    @Test
    void manyRecordsWithBinaryValues() {
        List<ChunkRecord> originals = new ArrayList<>();
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 500; i++) {
            byte[] v = new byte[random.nextInt(64)];
            random.nextBytes(v);
            originals.add(new ChunkRecord(new byte[] {(byte) i}, v, i, new RecordHeaders(), i));
        }
        assertThat(chunks.deserialize("bin.tp", TestChunks.chunk(originals))).containsExactlyElementsOf(originals);
    }

    @Test
    void recordsThatDoNotAddUpToTheDataAreCorrupt() {
        ChunkEnvelope e = TestChunks.envelope(List.of(record("a", "12345", 1, 0), record("b", "678", 2, 1)));
        e.getRecords().get(1).setValueLength(2);
        byte[] shortBy1 = new EnvelopeFormat().encode(e);
        assertThatThrownBy(() -> chunks.deserialize("orders.tp", shortBy1))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("2 records hold 7 bytes of values but its data is 8 bytes");

        e.getRecords().get(1).setValueLength(50);
        byte[] overruns = new EnvelopeFormat().encode(e);
        assertThatThrownBy(() -> chunks.deserialize("orders.tp", overruns))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("record 1 of 2 declares a 50-byte value but only 3 bytes");

        e.getRecords().get(1).setValueLength(-7);
        byte[] negative = new EnvelopeFormat().encode(e);
        assertThatThrownBy(() -> chunks.deserialize("orders.tp", negative))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("value length of -7");
    }

    @Test
    void maxChunkBytesLimitsWhatAReaderAccepts() {
        byte[] chunk = TestChunks.chunk(List.of(record("a", "x".repeat(100), 1, 0)));
        ChunkDeserializer small = new ChunkDeserializer(Map.of(TokenpressSerdeConfig.MAX_CHUNK_BYTES_CONFIG, 50));
        assertThatThrownBy(() -> small.deserialize("orders.tp", chunk))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("max.chunk.bytes");
    }
}
