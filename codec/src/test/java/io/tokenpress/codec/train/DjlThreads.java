package io.tokenpress.codec.train;

/** Test helper: one intra-op thread for the PyTorch engine (the tests run beside other work on few cores). */
final class DjlThreads {
    private DjlThreads() {}

    /** Takes effect only if the engine has not started yet in this JVM. */
    static void useOne() {
        System.setProperty("ai.djl.pytorch.num_threads", System.getProperty("ai.djl.pytorch.num_threads", "1"));
        System.setProperty("ai.djl.pytorch.num_interop_threads", System.getProperty("ai.djl.pytorch.num_interop_threads", "1"));
    }
}
