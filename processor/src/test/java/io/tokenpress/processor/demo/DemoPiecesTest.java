package io.tokenpress.processor.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenpress.serdes.ChunkRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class DemoPiecesTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void splitsLinesKeepingBytesExactly() {
        List<byte[]> lines = DemoInput.lines(b("a\r\n\nccc\nlast"));
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).isEqualTo(b("a\r"));
        assertThat(lines.get(1)).isEmpty();
        assertThat(lines.get(3)).isEqualTo(b("last"));
        assertThat(DemoInput.lines(b("x\n"))).hasSize(1);
        assertThat(DemoInput.lines(new byte[0])).isEmpty();
    }

    @Test
    void bundledSampleIsRealDataUnderOneMegabyte() {
        List<byte[]> lines = DemoInput.bundledSample();
        assertThat(lines.size()).isGreaterThan(1000);
        assertThat(lines.stream().mapToLong(l -> l.length + 1).sum()).isLessThanOrEqualTo(1 << 20);
        assertThat(new String(lines.get(0), StandardCharsets.UTF_8)).startsWith("{\"time\":");
        assertThat(DemoInput.class.getResource("/demo/NOTICE.md")).isNotNull();
    }

    @Test
    void reportJsonHoldsTheRequiredFields() {
        DemoReport r = new DemoReport(10, 10, 1000, 250, 2, Map.of("zstd", 2L), 0, 1.5);
        assertThat(r.lossless()).isTrue();
        assertThat(r.ratio()).isEqualTo(4.0);
        assertThat(r.toJson()).startsWith("{").endsWith("}").doesNotContain("\n")
                .contains("\"records\":10", "\"plainBytes\":1000", "\"compressedBytes\":250", "\"ratio\":4.0000",
                        "\"codecMix\":{\"zstd\":2}", "\"lossless\":true");
        assertThat(new DemoReport(10, 9, 1000, 250, 2, Map.of(), 0, 1).lossless()).isFalse();
        assertThat(new DemoReport(10, 10, 1000, 250, 2, Map.of(), 1, 1).lossless()).isFalse();
        assertThat(r.summary()).contains("OK");
    }

    @Test
    void verificationCountsMissingExtraAndChangedRecordsPerPartition() {
        List<List<ChunkRecord>> expected = new ArrayList<>();
        expected.add(List.of(rec("a", 1), rec("b", 2)));
        expected.add(List.of(rec("c", 3)));
        List<ConsumerRecord<byte[], byte[]>> back = List.of(
                new ConsumerRecord<>("t", 0, 0, 1L, org.apache.kafka.common.record.TimestampType.CREATE_TIME, 0, 1, null, b("a"),
                        new org.apache.kafka.common.header.internals.RecordHeaders(), java.util.Optional.empty()),
                new ConsumerRecord<>("t", 0, 1, 2L, org.apache.kafka.common.record.TimestampType.CREATE_TIME, 0, 1, null, b("b"),
                        new org.apache.kafka.common.header.internals.RecordHeaders(), java.util.Optional.empty()),
                new ConsumerRecord<>("t", 1, 0, 3L, org.apache.kafka.common.record.TimestampType.CREATE_TIME, 0, 1, null, b("c"),
                        new org.apache.kafka.common.header.internals.RecordHeaders(), java.util.Optional.empty()));
        assertThat(DemoRunner.verify(expected, back)).isZero();
        assertThat(DemoRunner.verify(expected, back.subList(0, 2))).isEqualTo(1);
        List<ConsumerRecord<byte[], byte[]>> swapped = List.of(back.get(1), back.get(0), back.get(2));
        assertThat(DemoRunner.verify(expected, swapped)).isEqualTo(2);
    }

    private static ChunkRecord rec(String v, long ts) {
        return new ChunkRecord(null, b(v), ts, new RecordHeaders(), -1);
    }
}
