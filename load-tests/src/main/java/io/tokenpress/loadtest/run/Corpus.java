package io.tokenpress.loadtest.run;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The records a load test sends: the non-empty lines of a text file (one JSON document, log line,
 * ... each), read up to a byte budget. Scenarios cycle through them in order, so every scenario sends
 * the same data.
 */
public final class Corpus {
    private final Path source;
    private final List<byte[]> records;
    private final Set<ByteBuffer> distinct;
    private final long bytes;

    private Corpus(Path source, List<byte[]> records, long bytes) {
        this.source = source;
        this.records = records;
        this.bytes = bytes;
        this.distinct = new HashSet<>();
        for (byte[] r : records) {
            distinct.add(ByteBuffer.wrap(r));
        }
    }

    /**
     * Reads lines of {@code file} until {@code maxBytes} would be exceeded (at least one line).
     *
     * @throws UncheckedIOException if the file cannot be read
     * @throws IllegalArgumentException if it holds no non-empty line
     */
    public static Corpus load(Path file, long maxBytes) {
        List<byte[]> records = new ArrayList<>();
        long total = 0;
        try (InputStream in = Files.newInputStream(file);
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isEmpty()) {
                    continue;
                }
                byte[] b = line.getBytes(StandardCharsets.UTF_8);
                if (!records.isEmpty() && total + b.length > maxBytes) {
                    break;
                }
                records.add(b);
                total += b.length;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the load-test input " + file, e);
        }
        if (records.isEmpty()) {
            throw new IllegalArgumentException("the load-test input " + file + " has no non-empty line");
        }
        return new Corpus(file, List.copyOf(records), total);
    }

    /** The i-th record sent: records are reused in order when a scenario sends more than the corpus holds. */
    public byte[] record(long i) {
        return records.get((int) (i % records.size()));
    }

    /** Whether {@code value} is exactly one of the records (the consumer's lossless check). */
    public boolean contains(byte[] value) {
        return value != null && distinct.contains(ByteBuffer.wrap(value));
    }

    /** Number of records (lines) read. */
    public int size() {
        return records.size();
    }

    /** Bytes of all records read. */
    public long bytes() {
        return bytes;
    }

    public Path source() {
        return source;
    }
}
