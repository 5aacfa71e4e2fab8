package io.tokenpress.codec.neural;

import io.tokenpress.codec.model.ModelArtifact;
import io.tokenpress.codec.store.ClasspathModelStore;
import io.tokenpress.codec.store.ModelStores;
import io.tokenpress.codec.train.SampleChunks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where do a model's bits go? Codes {@code CHUNKS} 4 KiB chunks of {@code FILE} with the model's mixing and
 * prints the share of the bits by byte class (digit, letter, space, newline, other ASCII, non-ASCII) and match
 * state (a match predicted the byte, predicted another, or none did), and, for JSON lines, by the key whose
 * value holds the byte ({@code (keys)}: keys and punctuation outside values). A main, not a test:
 * {@code java -cp ... BitsBreakdown NAME|PATH FILE CHUNKS} (README "Measured", "Where the models lose").
 */
public final class BitsBreakdown {
    private BitsBreakdown() {}

    public static void main(String[] args) throws Exception {
        ModelArtifact m = args[0].endsWith(".tpm") ? ModelArtifact.load(Files.readAllBytes(Path.of(args[0])))
                : ModelStores.resolve(args[0], new ClasspathModelStore());
        List<byte[]> chunks = SampleChunks.of(args[1], 4096, Integer.parseInt(args[2]));
        MatchMixing.Recipe recipe = MatchMixing.recipe(m);
        Map<String, double[]> byClass = new TreeMap<>();
        Map<String, double[]> byKey = new TreeMap<>();
        double[] total = new double[2];
        try (JavaDecompressorBackend backend = new JavaDecompressorBackend(m)) {
            for (byte[] c : chunks) {
                MatchMixer mix = MatchMixing.mixer(recipe, c.length);
                String[] keys = jsonKeys(c);
                backend.evaluate(new int[0], c, (t, cum) -> {
                    int s = c[t] & 0xFF;
                    int[] table = mix == null ? cum : mix.table(cum, c, t);
                    double bits = -Math.log((table[s + 1] - table[s]) / (double) table[256]) / Math.log(2);
                    String state = mix == null || mix.lastCell() < 0 ? "no match" : mix.lastPredicted() == s ? "hit" : "miss";
                    add(byClass, byteClass(s) + ", " + state, bits);
                    add(byKey, keys[t], bits);
                    total[0] += bits;
                    total[1]++;
                    if (mix != null) {
                        mix.update(c, t);
                    }
                });
            }
        }
        System.out.printf("%s %s: %.0f bytes, %.4f bits/byte%n", m.name(), m.id().substring(0, 8), total[1], total[0] / total[1]);
        print("byte class, match", byClass, total[0]);
        print("JSON key of the value", byKey, total[0]);
    }

    private static void add(Map<String, double[]> m, String key, double bits) {
        double[] v = m.computeIfAbsent(key, k -> new double[2]);
        v[0] += bits;
        v[1]++;
    }

    private static void print(String title, Map<String, double[]> m, double total) {
        System.out.println(title + ":");
        m.entrySet().stream().sorted((a, b) -> Double.compare(b.getValue()[0], a.getValue()[0])).limit(15)
                .forEach(e -> System.out.printf("  %-28s %5.1f %% of the bits  %7.0f bytes  %.2f bits/byte%n", e.getKey(),
                        100 * e.getValue()[0] / total, e.getValue()[1], e.getValue()[0] / e.getValue()[1]));
    }

    private static String byteClass(int b) {
        if (b >= '0' && b <= '9') {
            return "digit";
        }
        if ((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z')) {
            return "letter";
        }
        return b == ' ' ? "space" : b == '\n' ? "newline" : b < 128 ? "other ASCII" : "non-ASCII";
    }

    /**
     * For each byte, the JSON key whose value it is in, or "(keys)"; "(partial line)" before the chunk's first
     * newline, where the scanner does not know whether it is inside a string (a small scanner of JSON lines:
     * a newline is never inside a string).
     */
    static String[] jsonKeys(byte[] c) {
        String[] out = new String[c.length];
        int first = 0;
        while (first < c.length && c[first] != '\n') {
            out[first++] = "(partial line)";
        }
        boolean inString = false;
        boolean escaped = false;
        boolean inValue = false;
        StringBuilder string = new StringBuilder();
        String lastString = "";
        String key = "(keys)";
        for (int i = first; i < c.length; i++) {
            int b = c[i] & 0xFF;
            out[i] = inValue ? key : "(keys)";
            if (inString) {
                if (escaped) {
                    escaped = false;
                } else if (b == '\\') {
                    escaped = true;
                } else if (b == '"') {
                    inString = false;
                    lastString = string.toString();
                } else {
                    string.append((char) b);
                }
            } else if (b == '"') {
                inString = true;
                string.setLength(0);
            } else if (b == ':') {
                key = lastString;
                inValue = true;
            } else if (b == ',' || b == '}' || b == '\n' || b == '{') {
                inValue = false;
                out[i] = "(keys)";
            }
        }
        return out;
    }
}
