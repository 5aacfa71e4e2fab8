package io.tokenpress.codec.store;

import io.tokenpress.codec.ModelIds;
import io.tokenpress.codec.ModelNotFoundException;
import io.tokenpress.codec.model.CorruptModelException;
import io.tokenpress.codec.model.ModelArtifact;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Model artifacts in a local directory, one file per model named {@code <hex id>.tpm}. Loaded artifacts
 * are cached. Writing is atomic (temporary file, then rename), so readers never see a partial file.
 */
public final class DirectoryModelStore implements ModelSource {
    /** File name suffix of model artifacts. */
    public static final String SUFFIX = ".tpm";

    private final Path dir;
    private final Map<String, ModelArtifact> cache = new ConcurrentHashMap<>();

    public DirectoryModelStore(Path dir) {
        this.dir = dir;
    }

    public Path directory() {
        return dir;
    }

    /**
     * Stores artifact bytes under their id (a no-op when present) and returns the loaded artifact.
     *
     * @throws CorruptModelException if the bytes are not a valid artifact
     */
    public ModelArtifact put(byte[] artifactBytes) {
        ModelArtifact a = ModelArtifact.load(artifactBytes);
        Path target = dir.resolve(a.id() + SUFFIX);
        try {
            Files.createDirectories(dir);
            if (!Files.exists(target)) {
                Path tmp = Files.createTempFile(dir, ".incoming-", ".tmp");
                Files.write(tmp, artifactBytes);
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write model " + a.id() + " to " + dir, e);
        }
        cache.put(a.id(), a);
        return a;
    }

    @Override
    public Optional<ModelArtifact> find(byte[] idPrefix) {
        String prefix = ModelIds.toHex(idPrefix);
        for (ModelArtifact a : cache.values()) {
            if (a.id().startsWith(prefix)) {
                return Optional.of(a);
            }
        }
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, prefix + "*" + SUFFIX)) {
            for (Path f : files) {
                ModelArtifact a = load(f);
                if (!a.id().startsWith(prefix) || !f.getFileName().toString().equals(a.id() + SUFFIX)) {
                    throw new ModelNotFoundException("model file " + f + " does not hash to its name (SHA-256 "
                            + a.id() + "): it was modified; restore it from its source");
                }
                cache.put(a.id(), a);
                return Optional.of(a);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        return Optional.empty();
    }

    @Override
    public List<ModelArtifact> list() {
        List<ModelArtifact> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                byte[] id = parseId(name.substring(0, name.length() - SUFFIX.length()));
                if (id != null) {
                    find(Arrays.copyOf(id, ModelIds.SHORT_ID_BYTES)).ifPresent(out::add);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        return out;
    }

    private static byte[] parseId(String hex) {
        try {
            byte[] b = ModelIds.fromHex(hex);
            return b.length == 32 ? b : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static ModelArtifact load(Path f) {
        try {
            return ModelArtifact.load(Files.readAllBytes(f));
        } catch (CorruptModelException e) {
            throw new ModelNotFoundException("model file " + f + " is corrupt: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f, e);
        }
    }

    @Override
    public String describe() {
        return "directory " + dir.toAbsolutePath();
    }
}
