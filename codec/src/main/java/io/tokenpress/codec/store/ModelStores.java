package io.tokenpress.codec.store;

import io.tokenpress.codec.ModelIds;
import io.tokenpress.codec.ModelNotFoundException;
import io.tokenpress.codec.model.CorruptModelException;
import io.tokenpress.codec.model.ModelArtifact;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Factories and lookups for {@link ModelSource}s; read as sentences: {@code ModelStores.chain(a, b)}. */
public final class ModelStores {
    /** System property naming the local model directory. */
    public static final String DIRECTORY_PROPERTY = "tokenpress.models.dir";

    private static final Pattern HEX_ID = Pattern.compile("[0-9a-fA-F]{16,64}");

    private ModelStores() {}

    /** The local directory: {@code -Dtokenpress.models.dir}, else {@code $TOKENPRESS_MODELS}, else {@code ~/.tokenpress/models}. */
    public static Path defaultDirectory() {
        String p = System.getProperty(DIRECTORY_PROPERTY);
        if (p == null || p.isBlank()) {
            p = System.getenv("TOKENPRESS_MODELS");
        }
        if (p == null || p.isBlank()) {
            return Paths.get(System.getProperty("user.home"), ".tokenpress", "models");
        }
        return Paths.get(p);
    }

    /** The default chain: the local directory store, then the bundled models. */
    public static ModelSource defaults() {
        return chain(new DirectoryModelStore(defaultDirectory()), new ClasspathModelStore());
    }

    /** A source over a fixed set of artifacts (a model given on the command line, tests). */
    public static ModelSource of(String description, ModelArtifact... models) {
        List<ModelArtifact> list = List.of(models);
        return new ModelSource() {
            @Override
            public Optional<ModelArtifact> find(byte[] idPrefix) {
                String prefix = ModelIds.toHex(idPrefix);
                return list.stream().filter(m -> m.id().startsWith(prefix)).findFirst();
            }

            @Override
            public List<ModelArtifact> list() {
                return list;
            }

            @Override
            public String describe() {
                return description;
            }
        };
    }

    /** Looks sources up in order; the first that holds a model wins. */
    public static ModelSource chain(ModelSource... sources) {
        List<ModelSource> list = List.of(sources);
        return new ModelSource() {
            @Override
            public Optional<ModelArtifact> find(byte[] idPrefix) {
                for (ModelSource s : list) {
                    Optional<ModelArtifact> a = s.find(idPrefix);
                    if (a.isPresent()) {
                        return a;
                    }
                }
                return Optional.empty();
            }

            @Override
            public List<ModelArtifact> list() {
                List<ModelArtifact> all = new ArrayList<>();
                list.forEach(s -> all.addAll(s.list()));
                return all;
            }

            @Override
            public String describe() {
                return list.stream().map(ModelSource::describe).collect(Collectors.joining(", "));
            }
        };
    }

    /**
     * The model with the given id prefix.
     *
     * @throws ModelNotFoundException naming the id and the stores tried
     */
    public static ModelArtifact require(ModelSource source, byte[] idPrefix) {
        return source.find(idPrefix).orElseThrow(() -> new ModelNotFoundException("model "
                + ModelIds.toHex(idPrefix) + " not found in " + source.describe()
                + "; copy its .tpm file into the model directory or configure the store that holds it"));
    }

    /**
     * Resolves a model named on a command line: a path to a {@code .tpm} file, a hex id (or a prefix of at
     * least 16 hex digits), or a model name (the newest model of that name wins).
     *
     * @throws ModelNotFoundException if nothing matches
     */
    public static ModelArtifact resolve(String ref, ModelSource source) {
        Path p = Paths.get(ref);
        if (Files.isRegularFile(p)) {
            try {
                return ModelArtifact.load(Files.readAllBytes(p));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read model " + p, e);
            } catch (CorruptModelException e) {
                throw new ModelNotFoundException("model file " + p + " is corrupt: " + e.getMessage(), e);
            }
        }
        if (HEX_ID.matcher(ref).matches() && ref.length() % 2 == 0) {
            Optional<ModelArtifact> a = source.find(ModelIds.fromHex(ref.toLowerCase()));
            if (a.isPresent()) {
                return a.get();
            }
        }
        return source.list().stream()
                .filter(a -> a.name().equals(ref))
                .max(Comparator.comparingLong(a -> a.manifest().getCreatedAt()))
                .orElseThrow(() -> new ModelNotFoundException(
                        "no model with id, name or path '" + ref + "' in " + source.describe()));
    }
}
