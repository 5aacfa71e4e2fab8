package io.tokenpress.codec.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Training data: one or more files read into memory, from which chunks are drawn the way the codec
 * cuts them (starting at a record boundary, i.e. after a newline, when one is near).
 */
final class ByteCorpus {
    private final List<String> names;
    private final List<byte[]> files;

    ByteCorpus(List<String> names, List<byte[]> files) {
        if (files.stream().allMatch(f -> f.length == 0)) {
            throw new IllegalArgumentException("no training data");
        }
        this.names = List.copyOf(names);
        this.files = List.copyOf(files);
    }

    /** A corpus of in-memory documents (tests). */
    static ByteCorpus of(byte[]... docs) {
        List<String> n = new ArrayList<>();
        for (int i = 0; i < docs.length; i++) {
            n.add("doc" + i);
        }
        return new ByteCorpus(n, Arrays.asList(docs));
    }

    /**
     * Reads files named by comma-separated paths; a path whose file name contains {@code *} or {@code ?}
     * is a glob over its directory. A pattern that starts with {@code !} excludes matching files.
     *
     * @throws IllegalArgumentException when nothing matches
     */
    static ByteCorpus read(String spec) {
        List<Path> paths = resolve(spec);
        if (paths.isEmpty()) {
            throw new IllegalArgumentException("no data file matches " + spec);
        }
        List<String> names = new ArrayList<>();
        List<byte[]> data = new ArrayList<>();
        for (Path p : paths) {
            try {
                byte[] b = Files.readAllBytes(p);
                if (b.length > 0) {
                    names.add(p.toString());
                    data.add(b);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read training data " + p, e);
            }
        }
        return new ByteCorpus(names, data);
    }

    static List<Path> resolve(String spec) {
        List<Path> include = new ArrayList<>();
        List<String> excludes = new ArrayList<>();
        for (String part : spec.split(",")) {
            String s = part.trim();
            if (s.isEmpty()) {
                continue;
            }
            if (s.startsWith("!")) {
                excludes.add(Path.of(s.substring(1)).toAbsolutePath().normalize().toString());
                continue;
            }
            Path p = Path.of(s);
            String file = p.getFileName().toString();
            if (file.contains("*") || file.contains("?")) {
                Path dir = p.getParent() == null ? Path.of(".") : p.getParent();
                try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, file)) {
                    List<Path> found = new ArrayList<>();
                    ds.forEach(found::add);
                    found.sort(null);
                    include.addAll(found);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot list " + dir, e);
                }
            } else {
                if (!Files.isRegularFile(p)) {
                    throw new IllegalArgumentException("training data file not found: " + p);
                }
                include.add(p);
            }
        }
        include.removeIf(p -> excludes.contains(p.toAbsolutePath().normalize().toString()));
        return include;
    }

    List<String> names() {
        return names;
    }

    long totalBytes() {
        long n = 0;
        for (byte[] f : files) {
            n += f.length;
        }
        return n;
    }

    /** A random chunk of at most {@code size} bytes: files drawn uniformly, start after a newline if one is near. */
    byte[] sample(Random rnd, int size) {
        byte[] f = files.get(rnd.nextInt(files.size()));
        if (f.length <= size) {
            return f.clone();
        }
        int start = rnd.nextInt(f.length - size + 1);
        int limit = Math.min(f.length - 1, start + Math.min(size / 2, 4096));
        for (int i = start; i < limit; i++) {
            if (f[i] == '\n') {
                start = i + 1;
                break;
            }
        }
        int end = Math.min(f.length, start + size);
        return Arrays.copyOfRange(f, start, end);
    }

    /**
     * A copy sequence of {@code size} bytes: 3-8 fragments of 16-96 bytes, each cut from a random place of
     * a random file, strung together in random order (each fragment recurs many times) with a fifth of
     * the pieces being 1-8 fresh bytes instead, like the variable fields of log lines. Past its first
     * occurrences a fragment can only be predicted by copying it from earlier in the sequence, since the
     * fragments differ from sequence to sequence.
     */
    byte[] copySequence(Random rnd, int size) {
        int k = 3 + rnd.nextInt(6);
        byte[][] fragments = new byte[k][];
        for (int i = 0; i < k; i++) {
            fragments[i] = span(rnd, 16 + rnd.nextInt(81));
        }
        byte[] out = new byte[size];
        int pos = 0;
        while (pos < size) {
            byte[] piece = rnd.nextInt(5) == 0 ? span(rnd, 1 + rnd.nextInt(8)) : fragments[rnd.nextInt(k)];
            int n = Math.min(piece.length, size - pos);
            System.arraycopy(piece, 0, out, pos, n);
            pos += n;
        }
        return out;
    }

    /** Up to {@code len} consecutive bytes from a random place of a random non-empty file (at least one byte). */
    private byte[] span(Random rnd, int len) {
        byte[] f = files.get(rnd.nextInt(files.size()));
        while (f.length == 0) {
            f = files.get(rnd.nextInt(files.size()));
        }
        int n = Math.min(f.length, len);
        int start = rnd.nextInt(f.length - n + 1);
        return Arrays.copyOfRange(f, start, start + n);
    }

    /**
     * Consecutive chunks as the codec would cut the concatenated files, at most {@code max} of them,
     * spread evenly (deterministic; for validation).
     */
    List<byte[]> evenChunks(int size, int max) {
        return evenChunks(size, max, 0);
    }

    /** As {@link #evenChunks(int, int)}, the picks shifted by {@code phase} (0 to 1) of the stride. */
    List<byte[]> evenChunks(int size, int max, double phase) {
        List<byte[]> all = new ArrayList<>();
        for (byte[] f : files) {
            for (int off = 0; off < f.length; off += size) {
                all.add(Arrays.copyOfRange(f, off, Math.min(f.length, off + size)));
            }
        }
        if (all.size() <= max) {
            return all;
        }
        List<byte[]> picked = new ArrayList<>();
        double stride = (double) all.size() / max;
        for (int i = 0; i < max; i++) {
            picked.add(all.get((int) ((i + phase) * stride)));
        }
        return picked;
    }
}
