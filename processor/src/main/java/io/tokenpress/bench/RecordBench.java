package io.tokenpress.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The small-record benchmark: every record compressed on its own (as a per-record serializer does),
 * results grouped by record length, plus a total over all records.
 */
public final class RecordBench {
    private final Measurer measurer;
    private final Progress progress;

    /**
     * @param progress told about the work done, and about which codec runs
     * @param timing how hard to try for stable speeds
     */
    public RecordBench(Progress progress, Measurer.Timing timing) {
        this(progress, timing, 1);
    }

    /**
     * @param progress told about the work done, and about which codec runs
     * @param timing how hard to try for stable speeds
     * @param jobs worker threads per pass (see {@link Measurer})
     */
    public RecordBench(Progress progress, Measurer.Timing timing, int jobs) {
        this.progress = Objects.requireNonNull(progress, "progress");
        this.measurer = new Measurer(progress, timing, jobs);
    }

    /** Units of work {@link #run} reports: each record byte compressed and decompressed once per codec. */
    public static long work(long recordBytes, int codecs) {
        return 2 * recordBytes * codecs;
    }

    /**
     * Measures every codec on every record; for each codec, one result per non-empty bucket in bucket
     * order, then one for {@link RecordBuckets#ALL}.
     */
    public List<RecordResult> run(CodecLineup lineup, List<byte[]> records, RecordBuckets buckets) {
        Map<String, List<byte[]>> grouped = buckets.group(records);
        List<RecordResult> results = new ArrayList<>();
        for (BenchCodec codec : lineup.codecs()) {
            Measurement all = Measurement.empty();
            for (Map.Entry<String, List<byte[]>> bucket : grouped.entrySet()) {
                if (bucket.getValue().isEmpty()) {
                    continue;
                }
                progress.stage(codec.name() + ", records " + bucket.getKey());
                Measurement m = measurer.measure(codec, bucket.getValue());
                results.add(new RecordResult(codec.name(), bucket.getKey(), m));
                all = all.plus(m.detail().isEmpty() ? m : m.withDetail(bucket.getKey() + ": " + m.detail()));
            }
            results.add(new RecordResult(codec.name(), RecordBuckets.ALL, all));
        }
        return results;
    }
}
