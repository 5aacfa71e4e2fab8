package io.tokenpress.codec.store;

import io.tokenpress.codec.ModelIds;
import io.tokenpress.codec.ModelNotFoundException;
import io.tokenpress.codec.model.CorruptModelException;
import io.tokenpress.codec.model.ModelArtifact;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The models bundled with tokenpress: every {@code <name>.tpm} under the classpath folder
 * {@value #FOLDER} (in a directory or a jar), loaded and verified on first use.
 */
public final class ClasspathModelStore implements ModelSource {
    /** Classpath folder of the bundled models. */
    public static final String FOLDER = "tokenpress/models/";

    private final ClassLoader loader;
    private volatile List<ModelArtifact> models;

    public ClasspathModelStore() {
        this(ClasspathModelStore.class.getClassLoader());
    }

    public ClasspathModelStore(ClassLoader loader) {
        this.loader = loader;
    }

    @Override
    public Optional<ModelArtifact> find(byte[] idPrefix) {
        String prefix = ModelIds.toHex(idPrefix);
        return list().stream().filter(a -> a.id().startsWith(prefix)).findFirst();
    }

    @Override
    public List<ModelArtifact> list() {
        List<ModelArtifact> m = models;
        if (m == null) {
            synchronized (this) {
                if (models == null) {
                    models = Collections.unmodifiableList(loadAll());
                }
                m = models;
            }
        }
        return m;
    }

    private List<ModelArtifact> loadAll() {
        List<ModelArtifact> out = new ArrayList<>();
        for (String name : resourceNames()) {
            try (InputStream in = loader.getResourceAsStream(name)) {
                if (in != null) {
                    out.add(ModelArtifact.load(in.readAllBytes()));
                }
            } catch (CorruptModelException e) {
                throw new ModelNotFoundException("bundled model " + name + " is corrupt: " + e.getMessage(), e);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read bundled model " + name, e);
            }
        }
        return out;
    }

    /** Names of the {@code .tpm} resources under {@link #FOLDER} in every classpath root. */
    private TreeSet<String> resourceNames() {
        TreeSet<String> names = new TreeSet<>();
        try {
            Enumeration<URL> roots = loader.getResources(FOLDER);
            while (roots.hasMoreElements()) {
                URL url = roots.nextElement();
                if ("file".equals(url.getProtocol())) {
                    Path dir = Paths.get(url.toURI());
                    try (Stream<Path> files = Files.list(dir)) {
                        files.map(p -> p.getFileName().toString())
                                .filter(n -> n.endsWith(DirectoryModelStore.SUFFIX))
                                .forEach(n -> names.add(FOLDER + n));
                    }
                } else if ("jar".equals(url.getProtocol())) {
                    JarURLConnection c = (JarURLConnection) url.openConnection();
                    c.setUseCaches(false);
                    try (JarFile jar = c.getJarFile()) {
                        Enumeration<JarEntry> entries = jar.entries();
                        while (entries.hasMoreElements()) {
                            String n = entries.nextElement().getName();
                            if (n.startsWith(FOLDER) && n.endsWith(DirectoryModelStore.SUFFIX)
                                    && n.indexOf('/', FOLDER.length()) < 0) {
                                names.add(n);
                            }
                        }
                    }
                }
            }
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("cannot list bundled models under " + FOLDER, e);
        }
        return names;
    }

    @Override
    public String describe() {
        return "bundled models (classpath " + FOLDER + ")";
    }
}
