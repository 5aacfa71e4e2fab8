package io.tokenpress.processor.chunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenpress.codec.ChunkEncoder;
import io.tokenpress.codec.Codecs;
import io.tokenpress.codec.CorruptChunkException;
import io.tokenpress.serdes.ChunkRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.From;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;

class ChunkRoundTripTest {
    private final ChunkReader reader = new ChunkReader(Codecs.decoder(), 1 << 20);

    @Provide
    Arbitrary<ChunkRecord> records() {
        Arbitrary<byte[]> bytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
        Arbitrary<byte[]> textish = Arbitraries.strings().withChars("abc{}:\" ").ofMaxLength(300).map(String::getBytes);
        Arbitrary<byte[]> value = Arbitraries.oneOf(bytes, textish, Arbitraries.just(new byte[0])).injectNull(0.15);
        Arbitrary<byte[]> key = bytes.injectNull(0.3);
        Arbitrary<Header> header = Combinators.combine(
                Arbitraries.strings().alpha().numeric().withChars("-._").ofMinLength(1).ofMaxLength(10), bytes.injectNull(0.2)).as(RecordHeader::new);
        Arbitrary<Headers> headers = header.list().ofMaxSize(3).map(hs -> new RecordHeaders(hs.toArray(Header[]::new)));
        return Combinators.combine(key, value, Arbitraries.longs().between(0, Long.MAX_VALUE),
                        headers, Arbitraries.longs().between(-1, 1L << 40))
                .as(ChunkRecord::new);
    }

    @Property(tries = 200)
    void everyRecordSurvivesWriteAndRead(@ForAll @Size(min = 1, max = 40) List<@From("records") ChunkRecord> records,
            @ForAll boolean zstd) {
        ChunkEncoder encoder = zstd ? Codecs.zstd(3) : Codecs.raw();
        byte[] envelope = new ChunkWriter(encoder).write(records).envelope();
        assertThat(reader.read(envelope).records()).containsExactlyElementsOf(records);
    }

    @Property(tries = 100)
    void truncatedChunksAreRejected(@ForAll @Size(min = 1, max = 10) List<@From("records") ChunkRecord> records,
            @ForAll @IntRange(min = 1, max = 1000) int cut) {
        byte[] envelope = new ChunkWriter(Codecs.zstd(3)).write(records).envelope();
        byte[] truncated = Arrays.copyOf(envelope, Math.max(0, envelope.length - cut));
        assertThatThrownBy(() -> reader.read(truncated)).isInstanceOf(CorruptChunkException.class);
    }

    @Property(tries = 100)
    void corruptedPayloadIsNeverReturnedAsData(@ForAll @Size(min = 1, max = 10) List<@From("records") ChunkRecord> records) {
        List<ChunkRecord> withData = new ArrayList<>(records);
        withData.add(new ChunkRecord(null, "some data that is certainly there".getBytes(), 1, new RecordHeaders(), 0));
        byte[] envelope = new ChunkWriter(Codecs.raw()).write(withData).envelope();
        // the raw payload holds the values; flip a bit inside the last value's bytes
        int idx = indexOf(envelope, "certainly".getBytes());
        envelope[idx] ^= 1;
        assertThatThrownBy(() -> reader.read(envelope)).isInstanceOf(CorruptChunkException.class).hasMessageContaining("CRC32C");
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = hay.length - needle.length; i >= 0; i--) {
            for (int k = 0; k < needle.length; k++) {
                if (hay[i + k] != needle[k]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("needle not found");
    }

    @Property(tries = 200)
    void bufferedRecordSerdeRoundTrips(@ForAll("records") ChunkRecord r) {
        BufferedRecordSerde serde = new BufferedRecordSerde();
        byte[] bytes = serde.serializer().serialize("t", r);
        assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(r);
    }

    @Property(tries = 50)
    void truncatedBufferedRecordsAreRejected(@ForAll("records") ChunkRecord r, @ForAll @IntRange(min = 1, max = 50) int cut) {
        BufferedRecordSerde serde = new BufferedRecordSerde();
        byte[] bytes = serde.serializer().serialize("t", r);
        byte[] truncated = Arrays.copyOf(bytes, Math.max(0, bytes.length - cut));
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", truncated))
                .isInstanceOf(org.apache.kafka.common.errors.SerializationException.class);
    }

    @Example
    void anEmptyChunkIsRefused() {
        assertThatThrownBy(() -> new ChunkWriter(Codecs.raw()).write(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

}
