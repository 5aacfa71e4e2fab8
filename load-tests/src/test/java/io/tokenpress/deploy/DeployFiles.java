package io.tokenpress.deploy;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** Helpers of the deploy/ checks: where the files are, YAML and properties loading, external tools. */
final class DeployFiles {
    private DeployFiles() {}

    /**
     * The repository root: {@code -Dtokenpress.root} (set by the build), or its parent, or the parent
     * of the working directory, whichever holds {@code deploy/}.
     */
    static Path root() {
        List<Path> candidates = new ArrayList<>();
        String r = System.getProperty("tokenpress.root");
        if (r != null) {
            candidates.add(Path.of(r));
            candidates.add(Path.of(r, ".."));
        }
        candidates.add(Path.of(".."));
        candidates.add(Path.of("."));
        for (Path c : candidates) {
            if (Files.isDirectory(c.resolve("deploy"))) {
                return c.toAbsolutePath().normalize();
            }
        }
        throw new AssertionError("no deploy/ folder found in " + candidates);
    }

    static Path deploy(String relative) {
        return root().resolve("deploy").resolve(relative);
    }

    /** Every YAML document of a file, as plain maps and lists (safe loading: no custom tags). */
    static List<Map<String, Object>> yamlDocuments(Path file) throws IOException {
        List<Map<String, Object>> docs = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (Object doc : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(r)) {
                if (doc != null) {
                    docs.add(map(doc, file.toString()));
                }
            }
        }
        return docs;
    }

    static Map<String, Object> yaml(Path file) throws IOException {
        List<Map<String, Object>> docs = yamlDocuments(file);
        if (docs.size() != 1) {
            throw new AssertionError(file + " holds " + docs.size() + " YAML documents, expected one");
        }
        return docs.get(0);
    }

    static Map<String, Object> properties(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        Map<String, Object> m = new HashMap<>();
        p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k)));
        return m;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o, String where) {
        if (!(o instanceof Map)) {
            throw new AssertionError(where + ": expected a mapping, got " + o);
        }
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o, String where) {
        if (!(o instanceof List)) {
            throw new AssertionError(where + ": expected a list, got " + o);
        }
        return (List<Object>) o;
    }

    /** Follows a path of keys (and list indexes) through nested maps and lists. */
    static Object at(Object node, Object... path) {
        Object cur = node;
        StringBuilder where = new StringBuilder();
        for (Object key : path) {
            where.append('/').append(key);
            if (key instanceof Integer) {
                cur = list(cur, where.toString()).get((Integer) key);
            } else {
                cur = map(cur, where.toString()).get(key);
            }
            if (cur == null) {
                throw new AssertionError("missing " + where);
            }
        }
        return cur;
    }

    /** The single container of a pod template spec. */
    static Map<String, Object> onlyContainer(Map<String, Object> workload) {
        List<Object> containers = list(at(workload, "spec", "template", "spec", "containers"), "containers");
        if (containers.size() != 1) {
            throw new AssertionError("expected one container, got " + containers.size());
        }
        return map(containers.get(0), "container");
    }

    /** Runs a command in the repository root; skips the calling test when the tool is missing. */
    static Result runTool(List<String> command) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(command).directory(root().toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, command.get(0) + " is not installed: " + e.getMessage());
            throw e;
        }
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command + " did not finish within 120 s");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    record Result(int exitCode, String output) {}
}
