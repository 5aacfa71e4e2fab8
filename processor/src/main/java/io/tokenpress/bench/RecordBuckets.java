package io.tokenpress.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Record-length buckets: each bound is the largest length in its bucket ({@code <=64} holds lengths
 * 1..64, {@code <=256} holds 65..256, ...), and a last open bucket holds everything longer.
 */
public final class RecordBuckets {
    /** Label of the bucket that holds every record. */
    public static final String ALL = "all";

    private final long[] bounds;

    /**
     * @param bounds strictly increasing positive upper bounds
     * @throws IllegalArgumentException if they are not
     */
    public RecordBuckets(List<Long> bounds) {
        if (bounds.isEmpty()) {
            throw new IllegalArgumentException("at least one bucket bound is needed");
        }
        this.bounds = bounds.stream().mapToLong(Long::longValue).toArray();
        for (int i = 0; i < this.bounds.length; i++) {
            if (this.bounds[i] < 1 || (i > 0 && this.bounds[i] <= this.bounds[i - 1])) {
                throw new IllegalArgumentException("bucket bounds must be positive and increasing: " + bounds);
            }
        }
    }

    /** The default buckets: 64, 256, 1K and 4K bytes. */
    public static RecordBuckets standard() {
        return new RecordBuckets(List.of(64L, 256L, 1024L, 4096L));
    }

    /** The bucket labels in order, the open one last. */
    public List<String> labels() {
        List<String> labels = new ArrayList<>();
        for (long b : bounds) {
            labels.add("<=" + ByteSizes.format(b));
        }
        labels.add(">" + ByteSizes.format(bounds[bounds.length - 1]));
        return labels;
    }

    /** The label of the bucket a record of {@code length} bytes falls in. */
    public String labelOf(long length) {
        for (long b : bounds) {
            if (length <= b) {
                return "<=" + ByteSizes.format(b);
            }
        }
        return ">" + ByteSizes.format(bounds[bounds.length - 1]);
    }

    /** The records grouped by bucket, every label present (possibly empty), in label order. */
    public Map<String, List<byte[]>> group(List<byte[]> records) {
        Map<String, List<byte[]>> out = new LinkedHashMap<>();
        labels().forEach(l -> out.put(l, new ArrayList<>()));
        records.forEach(r -> out.get(labelOf(r.length)).add(r));
        return out;
    }
}
