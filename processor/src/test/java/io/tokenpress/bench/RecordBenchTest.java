package io.tokenpress.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RecordBenchTest {

    @Test
    void measuresEachRecordOnItsOwnPerBucketAndInTotal() {
        List<byte[]> records = SampleData.records(400, 9);
        RecordBuckets buckets = new RecordBuckets(List.of(64L, 128L, 256L));
        try (CodecLineup lineup = new CodecLineup().add(new ZstdCodec(3)); ZstdCodec reference = new ZstdCodec(3)) {
            List<RecordResult> results = new RecordBench(Progress.silent(), Measurer.Timing.once())
                    .run(lineup, records, buckets);

            Map<String, List<byte[]>> grouped = buckets.group(records);
            List<String> nonEmpty = grouped.entrySet().stream().filter(e -> !e.getValue().isEmpty())
                    .map(Map.Entry::getKey).collect(Collectors.toList());
            nonEmpty.add(RecordBuckets.ALL);
            assertThat(results).extracting(RecordResult::bucket).containsExactlyElementsOf(nonEmpty);

            for (RecordResult r : results) {
                List<byte[]> mine = r.bucket().equals(RecordBuckets.ALL) ? records : grouped.get(r.bucket());
                Measurement m = r.measurement();
                assertThat(m.items()).isEqualTo(mine.size());
                assertThat(m.originalBytes()).isEqualTo(mine.stream().mapToLong(b -> b.length).sum());
                assertThat(m.compressedBytes()).isEqualTo(mine.stream().mapToLong(b -> reference.compress(b).length).sum());
                assertThat(m.ratio()).isEqualTo((double) m.originalBytes() / m.compressedBytes());
                assertThat(m.roundTrip()).isTrue();
            }
            Measurement all = results.get(results.size() - 1).measurement();
            long sumOfBuckets = results.subList(0, results.size() - 1).stream()
                    .mapToLong(r -> r.measurement().compressedBytes()).sum();
            assertThat(all.compressedBytes()).isEqualTo(sumOfBuckets);
        }
    }
}
