package io.tokenpress.codec.neural;

import io.tokenpress.codec.Checksums;
import io.tokenpress.codec.CodedBlock;
import io.tokenpress.codec.Codecs;
import io.tokenpress.codec.container.EnvelopeFormat;
import io.tokenpress.codec.model.ArchConfig;
import io.tokenpress.codec.model.ModelArtifact;
import io.tokenpress.codec.model.ModelExporter;
import io.tokenpress.codec.model.RandomWeights;
import io.tokenpress.schema.CodecKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The golden files in {@code src/test/resources/golden/}: a small test model with seeded weights and
 * envelopes written by this version (zstd, raw, neural with and without latent) with their originals.
 * {@link GoldenFilesTest} decodes them with every later version. Run {@code main} only to add new files;
 * never regenerate existing ones.
 */
public final class GoldenFiles {
    static final String FOLDER = "golden/";
    static final String MODEL = FOLDER + "test-model-v1.tpm";
    static final long SEED = 20261204L;

    /** The cases: name -> original bytes. */
    static Map<String, byte[]> originals() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("zstd-v1", repeat("{\"k\":\"v\",\"n\":1}\n", 40));
        m.put("raw-v1", new byte[] {1, 2, 3});
        m.put("neural-empty-latent-v1", "hello tokenpress, hello kafka".getBytes(StandardCharsets.US_ASCII));
        m.put("neural-latent-v1", TestModels.SAMPLE);
        m.put("neural-zero-length-v1", new byte[0]);
        // written with envelope format version 2 (the "-vN" suffix is the envelope version of the file)
        m.put("zstd-v2", repeat("{\"k\":\"w\",\"n\":2}\n", 30));
        m.put("neural-empty-latent-v2", "second envelope version, same model".getBytes(StandardCharsets.US_ASCII));
        m.put("neural-latent-v2", repeat("{\"user\":\"carol\",\"ok\":true}\n", 3));
        return m;
    }

    static byte[] repeat(String s, int n) {
        return s.repeat(n).getBytes(StandardCharsets.US_ASCII);
    }

    static ModelArtifact loadModel() {
        return ModelArtifact.load(resource(MODEL));
    }

    static byte[] resource(String name) {
        try (InputStream in = GoldenFiles.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the model (when absent) and every golden envelope that does not exist yet. */
    public static void main(String[] args) throws IOException {
        Path dir = Paths.get(args.length > 0 ? args[0] : "codec/src/test/resources").resolve(FOLDER);
        Files.createDirectories(dir);
        Path modelFile = dir.resolve("test-model-v1.tpm");
        if (!Files.exists(modelFile)) {
            Files.write(modelFile, ModelExporter.export(RandomWeights.create(ArchConfig.tiny(), SEED), "golden-tiny",
                    null, Map.of("createdAt", "0", "seed", "" + SEED), List.of(TestModels.SAMPLE)));
        }
        ModelArtifact model = ModelArtifact.load(Files.readAllBytes(modelFile));
        EnvelopeFormat format = new EnvelopeFormat();
        try (JavaDecompressorBackend backend = new JavaDecompressorBackend(model)) {
            for (Map.Entry<String, byte[]> e : originals().entrySet()) {
                Path env = dir.resolve(e.getKey() + ".env");
                if (Files.exists(env)) {
                    continue;
                }
                byte[] data = e.getValue();
                CodedBlock block;
                if (e.getKey().startsWith("zstd")) {
                    block = Codecs.zstd(19).encode(data);
                } else if (e.getKey().startsWith("raw")) {
                    block = Codecs.raw().encode(data);
                } else {
                    int[] latent = e.getKey().contains("-latent") && !e.getKey().contains("empty") ? new int[] {3, 14, 15} : new int[0];
                    block = new CodedBlock(CodecKind.NEURAL, model.shortId(), latent,
                            NeuralCoding.encode(backend, MatchMixing.recipe(backend.model()), latent, data), data.length, Checksums.crc32c(data));
                }
                Files.write(env, format.encode(EnvelopeFormat.toEnvelope(block, List.of())));
                Files.write(dir.resolve(e.getKey() + ".orig"), data);
            }
        }
    }
}
