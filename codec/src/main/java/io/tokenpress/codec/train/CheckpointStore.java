package io.tokenpress.codec.train;

import io.tokenpress.codec.model.FloatWeights;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Training checkpoints in one directory: {@code step-N.weights} (float weights, {@link FloatWeights}
 * format), {@code step-N.optim} (optimizer moments) and {@code step-N.state} (progress), the state
 * written last so that a checkpoint counts only once complete. Keeps the newest few.
 */
public final class CheckpointStore {
    private static final int KEEP = 2;
    private final Path dir;

    /** A checkpoint: weights, optimizer state and progress counters. */
    public record Checkpoint(long step, FloatWeights weights, FloatWeights optimizer, Properties state) {}

    public CheckpointStore(Path dir) {
        this.dir = dir;
    }

    public Path directory() {
        return dir;
    }

    /** Writes a checkpoint and prunes older ones. */
    public void save(long step, FloatWeights weights, FloatWeights optimizer, Properties state) throws IOException {
        Files.createDirectories(dir);
        String base = String.format("step-%09d", step);
        writeAtomically(dir.resolve(base + ".weights"), os -> weights.write(os));
        writeAtomically(dir.resolve(base + ".optim"), os -> optimizer.write(os));
        writeAtomically(dir.resolve(base + ".state"), os -> {
            try (Writer w = new java.io.OutputStreamWriter(os, java.nio.charset.StandardCharsets.UTF_8)) {
                state.store(w, "tokenpress training state");
            }
        });
        List<Long> steps = steps();
        for (int i = 0; i < steps.size() - KEEP; i++) {
            String old = String.format("step-%09d", steps.get(i));
            Files.deleteIfExists(dir.resolve(old + ".state"));
            Files.deleteIfExists(dir.resolve(old + ".weights"));
            Files.deleteIfExists(dir.resolve(old + ".optim"));
        }
    }

    /** The newest complete checkpoint, if any. */
    public Optional<Checkpoint> newest() throws IOException {
        List<Long> steps = steps();
        if (steps.isEmpty()) {
            return Optional.empty();
        }
        long step = steps.get(steps.size() - 1);
        String base = String.format("step-%09d", step);
        FloatWeights w;
        FloatWeights o;
        Properties p = new Properties();
        try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(dir.resolve(base + ".weights")))) {
            w = FloatWeights.read(in);
        }
        try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(dir.resolve(base + ".optim")))) {
            o = FloatWeights.read(in);
        }
        try (Reader r = Files.newBufferedReader(dir.resolve(base + ".state"))) {
            p.load(r);
        }
        return Optional.of(new Checkpoint(step, w, o, p));
    }

    /** Steps of the complete checkpoints, ascending. */
    List<Long> steps() throws IOException {
        List<Long> r = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return r;
        }
        try (Stream<Path> s = Files.list(dir)) {
            s.map(p -> p.getFileName().toString())
                    .filter(n -> n.matches("step-\\d{9}\\.state"))
                    .forEach(n -> r.add(Long.parseLong(n.substring(5, 14))));
        }
        r.sort(null);
        return r;
    }

    private interface Body {
        void write(OutputStream os) throws IOException;
    }

    private static void writeAtomically(Path target, Body body) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try (OutputStream os = new java.io.BufferedOutputStream(Files.newOutputStream(tmp))) {
            body.write(os);
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
