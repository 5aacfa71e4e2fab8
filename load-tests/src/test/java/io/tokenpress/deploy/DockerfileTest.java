package io.tokenpress.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Sanity of the Dockerfiles without a Docker engine: known instructions only, a final stage that runs
 * the shaded jar it copies, every build-context source present (or built by Maven) and let through by
 * the Dockerfile's own .dockerignore.
 */
class DockerfileTest {
    private static final Set<String> INSTRUCTIONS = Set.of("FROM", "ARG", "ENV", "RUN", "COPY", "ADD", "USER", "WORKDIR",
            "VOLUME", "EXPOSE", "ENTRYPOINT", "CMD", "LABEL", "HEALTHCHECK", "SHELL", "STOPSIGNAL", "ONBUILD");
    private static final String JAR = "processor/target/tokenpress.jar";

    @ParameterizedTest
    @ValueSource(strings = {"Dockerfile", "Dockerfile.cuda"})
    void dockerfileIsSane(String name) throws Exception {
        Path file = DeployFiles.deploy(name);
        List<String[]> instructions = instructions(Files.readAllLines(file));
        assertThat(instructions).isNotEmpty();
        assertThat(instructions.get(0)[0]).as("first instruction").isIn("FROM", "ARG");
        for (String[] i : instructions) {
            assertThat(INSTRUCTIONS).as("instruction " + i[0]).contains(i[0]);
        }

        // the final stage: copies the shaded jar and runs it with java -jar, 'run' by default
        int lastFrom = 0;
        for (int i = 0; i < instructions.size(); i++) {
            if (instructions.get(i)[0].equals("FROM")) {
                lastFrom = i;
            }
        }
        List<String[]> last = instructions.subList(lastFrom, instructions.size());
        String entrypoint = only(last, "ENTRYPOINT");
        assertThat(entrypoint).isEqualTo("[\"java\", \"-jar\", \"/opt/tokenpress/tokenpress.jar\"]");
        assertThat(only(last, "CMD")).startsWith("[\"run\"");
        assertThat(last.stream().filter(i -> i[0].equals("COPY")).map(i -> i[1]))
                .anyMatch(a -> a.matches("\\$\\{TOKENPRESS_JAR\\} /opt/tokenpress/tokenpress.jar"));
        assertThat(only(last, "USER")).isEqualTo("10001:10001");
        assertThat(String.join("\n", Files.readAllLines(file))).contains("ARG TOKENPRESS_JAR=" + JAR);

        // every build-context source exists (the jar is what the processor's shade plugin writes)
        List<String> ignore = Files.readAllLines(DeployFiles.deploy(name + ".dockerignore"));
        for (String[] i : instructions) {
            if (!i[0].equals("COPY") || i[1].startsWith("--from=")) {
                continue;
            }
            String[] parts = i[1].split("\\s+");
            for (int s = 0; s < parts.length - 1; s++) {
                String src = parts[s].replace("${TOKENPRESS_JAR}", JAR);
                if (src.equals("deploy/libtorch/")) {
                    continue; // only for the air-gapped variant, prepared by the user
                }
                if (!src.equals(JAR)) {
                    assertThat(DeployFiles.root().resolve(src)).as(name + " COPY source").exists();
                }
                assertThat(ignore).as(name + ".dockerignore lets " + src + " through").contains("!" + src.replaceAll("/$", ""));
            }
        }
        assertThat(ignore).as("everything else is ignored").contains("*");
        String processorPom = Files.readString(DeployFiles.root().resolve("processor/pom.xml"));
        assertThat(processorPom).contains("<finalName>tokenpress</finalName>");
    }

    @org.junit.jupiter.api.Test
    void cudaImageUsesTheFlavorThePyTorchJniJarShipsAndRunsOffline() throws Exception {
        String text = Files.readString(DeployFiles.deploy("Dockerfile.cuda"));
        String parent = Files.readString(DeployFiles.root().resolve("pom.xml"));
        Matcher djl = Pattern.compile("<djl.version>([^<]+)</djl.version>").matcher(parent);
        Matcher pt = Pattern.compile("<pytorch.native.version>([^<]+)</pytorch.native.version>").matcher(parent);
        assertThat(djl.find()).isTrue();
        assertThat(pt.find()).isTrue();
        assertThat(text).contains("ARG DJL_VERSION=" + djl.group(1)).contains("ARG PYTORCH_VERSION=" + pt.group(1))
                .contains("ARG PYTORCH_FLAVOR=cu128").contains("PYTORCH_LIBRARY_PATH=/opt/libtorch")
                .contains("DJL_OFFLINE=true").contains("jnilib/linux-x86_64/${PYTORCH_FLAVOR}/libdjl_torch.so");
        Path script = DeployFiles.deploy("docker/fetch-libtorch.sh");
        assertThat(Files.isExecutable(script)).as("fetch-libtorch.sh is executable").isTrue();
        DeployFiles.Result syntax = DeployFiles.runTool(List.of("sh", "-n", script.toString()));
        assertThat(syntax.exitCode()).as(syntax.output()).isZero();
    }

    private static String only(List<String[]> instructions, String keyword) {
        List<String> found = instructions.stream().filter(i -> i[0].equals(keyword)).map(i -> i[1]).toList();
        assertThat(found).as(keyword).hasSize(1);
        return found.get(0);
    }

    /** Instructions as {keyword, arguments}, comments dropped and continuation lines joined. */
    static List<String[]> instructions(List<String> lines) {
        List<String[]> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String raw : lines) {
            String line = raw.strip();
            if (line.startsWith("#") || (line.isEmpty() && cur.length() == 0)) {
                continue;
            }
            boolean continues = line.endsWith("\\");
            cur.append(continues ? line.substring(0, line.length() - 1) : line).append(' ');
            if (!continues) {
                String joined = cur.toString().strip();
                cur.setLength(0);
                int sp = joined.indexOf(' ');
                out.add(new String[] {joined.substring(0, sp).toUpperCase(), joined.substring(sp + 1).strip()});
            }
        }
        assertThat(cur.length()).as("dangling line continuation").isZero();
        return out;
    }
}
