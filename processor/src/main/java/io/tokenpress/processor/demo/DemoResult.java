package io.tokenpress.processor.demo;

/** What a demo run reports: a human-readable summary, the same as one JSON line, and whether it was lossless. */
public interface DemoResult {
    /** True when every record came back identical. */
    boolean lossless();

    /** Lines for a terminal, each ending in a newline. */
    String summary();

    /** One JSON object, no newline. */
    String toJson();
}
