package io.tokenpress.loadtest.run;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Names of the models bundled on the class path ({@code tokenpress/models/<name>.tpm}), which the
 * load test compares one scenario each.
 */
public final class BundledModels {
    /** Class-path folder of the bundled models. */
    public static final String FOLDER = "tokenpress/models";
    private static final String SUFFIX = ".tpm";

    private BundledModels() {}

    /** The bundled model names, sorted; empty when none are bundled. */
    public static List<String> names() {
        TreeSet<String> names = new TreeSet<>();
        try {
            Enumeration<URL> roots = BundledModels.class.getClassLoader().getResources(FOLDER);
            for (URL url : Collections.list(roots)) {
                collect(url.toURI(), names);
            }
        } catch (IOException | URISyntaxException e) {
            System.err.println("could not list the bundled models: " + e.getMessage());
        }
        return new ArrayList<>(names);
    }

    private static void collect(URI uri, TreeSet<String> names) throws IOException {
        if ("jar".equals(uri.getScheme())) {
            FileSystem fs;
            boolean opened = false;
            try {
                fs = FileSystems.getFileSystem(uri);
            } catch (FileSystemNotFoundException e) {
                fs = FileSystems.newFileSystem(uri, Map.of());
                opened = true;
            }
            try {
                list(fs.getPath(FOLDER), names);
            } finally {
                if (opened) {
                    fs.close();
                }
            }
        } else if ("file".equals(uri.getScheme())) {
            list(Path.of(uri), names);
        }
    }

    private static void list(Path dir, TreeSet<String> names) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(SUFFIX))
                    .forEach(n -> names.add(n.substring(0, n.length() - SUFFIX.length())));
        }
    }
}
