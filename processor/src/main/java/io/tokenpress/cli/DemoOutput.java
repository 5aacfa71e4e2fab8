package io.tokenpress.cli;

import io.tokenpress.processor.demo.DemoResult;

/** Prints a demo's result the same way for every demo command, and gives its exit status. */
final class DemoOutput {
    private DemoOutput() {}

    /** Prints the summary (and, with {@code json}, the JSON line) to stdout; 0 if lossless, else 1. */
    static int print(DemoResult result, boolean json) {
        System.out.print(result.summary());
        if (json) {
            System.out.println(result.toJson());
        }
        System.out.flush();
        return result.lossless() ? 0 : 1;
    }
}
