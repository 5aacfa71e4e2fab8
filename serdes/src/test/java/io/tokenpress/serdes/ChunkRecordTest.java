package io.tokenpress.serdes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class ChunkRecordTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Headers headers(String... keysAndValues) {
        RecordHeaders h = new RecordHeaders();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            h.add(keysAndValues[i], keysAndValues[i + 1] == null ? null : b(keysAndValues[i + 1]));
        }
        return h;
    }

    @Test
    void aNullValueIsATombstoneAndAnEmptyValueIsNot() {
        ChunkRecord tombstone = new ChunkRecord(b("k"), null, 1, new RecordHeaders(), 0);
        ChunkRecord empty = new ChunkRecord(b("k"), new byte[0], 1, new RecordHeaders(), 0);
        assertThat(tombstone.isTombstone()).isTrue();
        assertThat(tombstone.valueLength()).isZero();
        assertThat(tombstone.value()).isNull();
        assertThat(empty.isTombstone()).isFalse();
        assertThat(empty.valueLength()).isZero();
        assertThat(empty.value()).isEmpty();
        assertThat(new ChunkRecord(null, b("abc"), 1, new RecordHeaders(), 0).valueLength()).isEqualTo(3);
    }

    @Test
    void sizeCountsValueKeyAndHeaderKeysAndValues() {
        ChunkRecord r = new ChunkRecord(b("key"), b("value"), 1, headers("h\u00e9", "xy", "n", null), 7);
        // value 5 + key 3 + "hé" 3 bytes in UTF-8 + "xy" 2 + "n" 1 + null 0
        assertThat(r.sizeInBytes()).isEqualTo(14);
        assertThat(new ChunkRecord(null, null, 1, new RecordHeaders(), 7).sizeInBytes()).isZero();
    }

    @Test
    void sameContentIgnoresOnlyTheSourceOffset() {
        ChunkRecord r = new ChunkRecord(b("k"), b("v"), 5, headers("a", "1", "a", null), 10);
        ChunkRecord otherOffset = new ChunkRecord(b("k"), b("v"), 5, headers("a", "1", "a", null), 11);
        assertThat(r.sameContent(otherOffset)).isTrue();
        assertThat(r).isNotEqualTo(otherOffset);
        assertThat(r).isEqualTo(new ChunkRecord(b("k"), b("v"), 5, headers("a", "1", "a", null), 10));

        assertThat(r.sameContent(new ChunkRecord(null, b("v"), 5, headers("a", "1", "a", null), 10))).isFalse();
        assertThat(r.sameContent(new ChunkRecord(b("k"), b("v"), 6, headers("a", "1", "a", null), 10))).isFalse();
        assertThat(r.sameContent(new ChunkRecord(b("k"), new byte[0], 5, headers("a", "1", "a", null), 10))).isFalse();
        assertThat(r.sameContent(new ChunkRecord(b("k"), null, 5, headers("a", "1", "a", null), 10))).isFalse();
        assertThat(r.sameContent(new ChunkRecord(b("k"), b("v"), 5, headers("a", "1", "a", ""), 10))).isFalse();
        assertThat(r.sameContent(new ChunkRecord(b("k"), b("v"), 5, headers("a", null, "a", "1"), 10))).isFalse();
    }

    @Test
    void isACopyOfWhatItWasGiven() {
        byte[] key = b("k");
        byte[] value = b("v");
        RecordHeaders given = new RecordHeaders();
        given.add("h", b("x"));
        ChunkRecord r = new ChunkRecord(key, value, 1, given, 0);
        key[0] = 'K';
        value[0] = 'V';
        given.add("later", null);
        r.key()[0] = 'K';
        r.value()[0] = 'V';
        assertThat(r.key()).isEqualTo(b("k"));
        assertThat(r.value()).isEqualTo(b("v"));
        assertThat(r.headers().toArray()).hasSize(1);
        assertThatThrownBy(() -> r.headers().add("more", null)).isInstanceOf(IllegalStateException.class);
    }
}
