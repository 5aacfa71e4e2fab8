package io.tokenpress.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reads benchmark input and cuts it into chunks, records and halves. */
public final class BenchInput {
    private BenchInput() {}

    /**
     * Reads at most {@code maxBytes} bytes from the start of {@code file}.
     *
     * @throws IllegalArgumentException if the file is missing, not a regular file, or empty
     * @throws IOException if reading fails
     */
    public static byte[] read(Path file, long maxBytes) throws IOException {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("--max-bytes must be positive, got " + maxBytes);
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no such file: " + file);
        }
        byte[] data;
        try (InputStream in = Files.newInputStream(file)) {
            data = in.readNBytes((int) Math.min(maxBytes, Integer.MAX_VALUE - 8));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no such file: " + file, e);
        }
        if (data.length == 0) {
            throw new IllegalArgumentException("input is empty: " + file);
        }
        return data;
    }

    /** Consecutive chunks of {@code chunkSize} bytes; the last one may be shorter. */
    public static List<byte[]> chunks(byte[] data, int chunkSize) {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunk size must be positive, got " + chunkSize);
        }
        List<byte[]> out = new ArrayList<>(data.length / chunkSize + 1);
        for (int off = 0; off < data.length; off += chunkSize) {
            out.add(Arrays.copyOfRange(data, off, Math.min(data.length, off + chunkSize)));
        }
        return out;
    }

    /**
     * The lines of {@code data}, one record each, without their line terminator ({@code \n} or {@code
     * \r\n}); empty lines are skipped, as no producer sends an empty record for a blank line.
     */
    public static List<byte[]> lines(byte[] data) {
        List<byte[]> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= data.length; i++) {
            if (i == data.length || data[i] == '\n') {
                int end = i > start && data[i - 1] == '\r' ? i - 1 : i;
                if (end > start) {
                    out.add(Arrays.copyOfRange(data, start, end));
                }
                start = i + 1;
            }
        }
        return out;
    }

    /** The first {@code length / 2} bytes. */
    public static byte[] firstHalf(byte[] data) {
        return Arrays.copyOfRange(data, 0, data.length / 2);
    }

    /** The bytes after {@link #firstHalf}. */
    public static byte[] secondHalf(byte[] data) {
        return Arrays.copyOfRange(data, data.length / 2, data.length);
    }
}
