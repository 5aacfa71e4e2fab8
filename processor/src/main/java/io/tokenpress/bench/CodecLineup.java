package io.tokenpress.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The codecs one benchmark run measures, in table order, and the ones it had to skip with the reason
 * (for example brotli where its native library does not load, or a model that is missing). Closing
 * the lineup closes every codec.
 */
public final class CodecLineup implements AutoCloseable {
    private final List<BenchCodec> codecs = new ArrayList<>();
    private final Map<String, String> skipped = new LinkedHashMap<>();

    /** Adds a codec to measure. */
    public CodecLineup add(BenchCodec codec) {
        codecs.add(codec);
        return this;
    }

    /** Records that {@code name} is not measured, and why. */
    public CodecLineup skip(String name, String reason) {
        skipped.put(name, reason);
        return this;
    }

    /** The codecs to measure, in table order. */
    public List<BenchCodec> codecs() {
        return Collections.unmodifiableList(codecs);
    }

    /** Codec name to the reason it was skipped, in the order they were skipped. */
    public Map<String, String> skipped() {
        return Collections.unmodifiableMap(skipped);
    }

    @Override
    public void close() {
        RuntimeException first = null;
        for (BenchCodec codec : codecs) {
            try {
                codec.close();
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
