package io.tokenpress.processor.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The demo's records: one per line of a file or of the bundled sample, bytes kept exactly (without the newline). */
public final class DemoInput {
    /** Classpath resource of the bundled sample (see {@code demo/NOTICE.md} beside it). */
    public static final String BUNDLED_SAMPLE = "/demo/wikiticker-sample.jsonl";

    private DemoInput() {}

    /** The lines of the bundled sample. */
    public static List<byte[]> bundledSample() {
        try (InputStream in = DemoInput.class.getResourceAsStream(BUNDLED_SAMPLE)) {
            if (in == null) {
                throw new IllegalStateException("bundled demo sample " + BUNDLED_SAMPLE + " is missing from the classpath");
            }
            return lines(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The lines of {@code file}. */
    public static List<byte[]> file(Path file) throws IOException {
        return lines(Files.readAllBytes(file));
    }

    /** Splits on {@code \n}; a final line without newline counts, a trailing newline adds no empty record. */
    static List<byte[]> lines(byte[] data) {
        List<byte[]> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < data.length; i++) {
            if (data[i] == '\n') {
                out.add(Arrays.copyOfRange(data, start, i));
                start = i + 1;
            }
        }
        if (start < data.length) {
            out.add(Arrays.copyOfRange(data, start, data.length));
        }
        return out;
    }
}
