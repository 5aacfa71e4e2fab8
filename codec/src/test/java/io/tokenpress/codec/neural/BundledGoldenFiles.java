package io.tokenpress.codec.neural;

import io.tokenpress.codec.Checksums;
import io.tokenpress.codec.CodedBlock;
import io.tokenpress.codec.container.EnvelopeFormat;
import io.tokenpress.codec.model.ModelArtifact;
import io.tokenpress.codec.store.ClasspathModelStore;
import io.tokenpress.schema.CodecKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/**
 * Golden envelopes of the bundled models in {@code src/test/resources/golden/bundled/}: one neural chunk
 * (empty latent) written by each bundled artifact, named {@code <first 8 hex digits of its id>.env}, and
 * the chunk's original. {@link BundledGoldenFilesTest} decodes them with every later version, so a
 * bundled model that is removed, altered, or decoded differently by a changed runtime fails the build.
 * Run {@code main} after bundling a new model to add its file; never regenerate existing ones.
 */
public final class BundledGoldenFiles {
    static final String FOLDER = "golden/bundled/";

    /** The chunk every bundled model codes: JSON events, a log line and English prose. */
    static final byte[] ORIGINAL = ("{\"time\":\"2016-06-27T00:00:11.080Z\",\"channel\":\"#sv.wikipedia\","
            + "\"page\":\"Salo Landgraf\",\"user\":\"Lsjbot\",\"added\":1512,\"deleted\":0,\"isRobot\":true}\n"
            + "{\"time\":\"2016-06-27T00:00:17.457Z\",\"channel\":\"#en.wikipedia\",\"page\":\"Kafka (disambiguation)\","
            + "\"user\":\"alice\",\"added\":36,\"deleted\":4,\"isRobot\":false}\n"
            + "[2016-12-20 00:02:15,916] INFO Rolled new log segment for 'test-5' in 1 ms. (kafka.log.Log)\n"
            + "Tokenpress keeps every byte: a chunk comes back exactly as it was written, on any machine.\n")
            .getBytes(StandardCharsets.UTF_8);

    private BundledGoldenFiles() {}

    static String fileName(ModelArtifact model) {
        return model.id().substring(0, 8) + ".env";
    }

    /** Writes the original (when absent) and the envelope of every bundled model that has none yet. */
    public static void main(String[] args) throws IOException {
        Path dir = Paths.get(args.length > 0 ? args[0] : "codec/src/test/resources").resolve(FOLDER);
        Files.createDirectories(dir);
        Path original = dir.resolve("original.txt");
        if (!Files.exists(original)) {
            Files.write(original, ORIGINAL);
        }
        EnvelopeFormat format = new EnvelopeFormat();
        List<ModelArtifact> bundled = new ClasspathModelStore().list();
        for (ModelArtifact model : bundled) {
            Path file = dir.resolve(fileName(model));
            if (Files.exists(file)) {
                continue;
            }
            try (JavaDecompressorBackend backend = new JavaDecompressorBackend(model)) {
                byte[] payload = NeuralCoding.encode(backend, MatchMixing.recipe(model), new int[0], ORIGINAL);
                CodedBlock block = new CodedBlock(CodecKind.NEURAL, model.shortId(), new int[0], payload,
                        ORIGINAL.length, Checksums.crc32c(ORIGINAL));
                Files.write(file, format.encode(EnvelopeFormat.toEnvelope(block, List.of())));
                System.out.printf("wrote %s (%s, %d bytes for %d)%n", file, model.name(), payload.length, ORIGINAL.length);
            }
        }
    }
}
