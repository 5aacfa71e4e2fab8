package io.tokenpress.cli;

import io.tokenpress.codec.model.FloatWeights;
import io.tokenpress.codec.model.ModelArtifact;
import io.tokenpress.codec.neural.MatchMixing;
import io.tokenpress.codec.store.ModelStores;
import io.tokenpress.codec.train.SampleChunks;
import io.tokenpress.processor.config.TokenpressConfig;
import io.tokenpress.processor.models.ModelCatalog;
import io.tokenpress.schema.ModelManifest;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tokenpress models list|show|promote|add|mix}: the model stores and the active-model pointer. */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = {"Lists, shows, adds and promotes models in the local model directory (models.dir), the bundled",
                "models and the Kafka model topic (models.topic, when bootstrap.servers is set). Models are never deleted."},
        subcommands = {ModelsCommand.ListModels.class, ModelsCommand.Show.class, ModelsCommand.Promote.class, ModelsCommand.Add.class,
                ModelsCommand.Mix.class})
public final class ModelsCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** {@code models list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists every model: id, name, parent, metrics, and which is active.")
    static final class ListModels implements Callable<Integer> {
        @Mixin
        ConfigOptions options;

        @Override
        public Integer call() {
            TokenpressConfig config = options.load();
            try (ModelCatalog catalog = ModelCatalog.open(config)) {
                String active = catalog.pointer().activeId().orElse("");
                Map<String, ModelArtifact> all = catalog.all();
                System.out.printf("%-2s %-16s %-10s %-16s %-20s %9s %9s %9s%n", "", "ID", "NAME", "PARENT", "CREATED", "INT-BPB",
                        "FB-BPB", "PARENT-FB");
                for (ModelArtifact a : all.values()) {
                    ModelManifest m = a.manifest();
                    System.out.printf(Locale.ROOT, "%-2s %-16s %-10s %-16s %-20s %9s %9s %9s%n",
                            a.id().equals(active) ? "*" : "", ModelCatalog.shortId(a.id()), a.name(),
                            m.getParentId() == null ? "-" : ModelCatalog.shortId(m.getParentId()),
                            Instant.ofEpochMilli(m.getCreatedAt()).toString().substring(0, 19), metric(m, "intBitsPerByte"),
                            metric(m, "feedbackHeldOutBitsPerByte"), metric(m, "parentFeedbackHeldOutBitsPerByte"));
                }
                System.out.printf("%d models in %s; active (*): %s (%s)%n", all.size(), catalog.source().describe(),
                        active.isEmpty() ? "none promoted" : ModelCatalog.shortId(active), catalog.pointer().describe());
                return 0;
            }
        }
    }

    /** {@code models show ID}. */
    @Command(name = "show", mixinStandardHelpOptions = true, description = "Shows one model's manifest: architecture, provenance, metrics.")
    static final class Show implements Callable<Integer> {
        @Mixin
        ConfigOptions options;

        @Parameters(paramLabel = "ID", description = "Model id (or a prefix of 16+ hex digits), name, or .tpm path.")
        String ref;

        @Override
        public Integer call() {
            try (ModelCatalog catalog = ModelCatalog.open(options.load())) {
                ModelArtifact a = ModelStores.resolve(ref, catalog.source());
                ModelManifest m = a.manifest();
                System.out.println("id:           " + a.id());
                System.out.println("name:         " + a.name());
                System.out.println("parent:       " + (m.getParentId() == null ? "-" : m.getParentId()));
                System.out.println("active:       " + a.id().equals(catalog.pointer().activeId().orElse("")));
                System.out.println("created:      " + Instant.ofEpochMilli(m.getCreatedAt()));
                System.out.println("size:         " + a.sizeBytes() + " bytes");
                System.out.println("architecture: " + a.config());
                System.out.println("quantization: " + m.getQuantization() + ", tokenizer " + m.getTokenizer());
                System.out.println("compressor:   " + (a.hasCompressor() ? "yes" : "no"));
                System.out.println("float weights (retrainable): " + (catalog.floatWeights(a).isPresent() ? "yes" : "no"));
                System.out.println("metrics:");
                new java.util.TreeMap<>(m.getMetrics()).forEach((k, v) -> System.out.printf(Locale.ROOT, "  %-40s %.6f%n", k, v));
                System.out.println("training:");
                for (String line : m.getTrainingData().split("\n")) {
                    if (!line.isBlank()) {
                        System.out.println("  " + line);
                    }
                }
                return 0;
            }
        }
    }

    /** {@code models promote ID}. */
    @Command(name = "promote", mixinStandardHelpOptions = true,
            description = {"Makes a model the active one: running processors write with it from their next chunk on",
                    "(within models.refresh.ms), without restart. A model only in the local directory is published to",
                    "the model topic first, so every consumer can fetch it."})
    static final class Promote implements Callable<Integer> {
        @Mixin
        ConfigOptions options;

        @Parameters(paramLabel = "ID", description = "Model id (or a prefix of 16+ hex digits), name, or .tpm path.")
        String ref;

        @Override
        public Integer call() throws Exception {
            try (ModelCatalog catalog = ModelCatalog.open(options.load())) {
                ModelArtifact a = ModelStores.resolve(ref, catalog.source());
                if (catalog.topic().isPresent() || catalog.directory().find(a.shortId()).isEmpty()) {
                    Optional<FloatWeights> w = catalog.floatWeights(a);
                    catalog.add(Files.isRegularFile(Path.of(ref)) ? Files.readAllBytes(Path.of(ref)) : catalog.artifactBytes(a), w.orElse(null));
                }
                catalog.pointer().promote(a.id());
                System.out.println("promoted " + a.id() + " (" + a.name() + ") in " + catalog.pointer().describe());
                return 0;
            }
        }
    }

    /** {@code models add FILE}. */
    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Adds a model artifact (.tpm), optionally with its float weights (.tpfw), to the local directory and the model topic.")
    static final class Add implements Callable<Integer> {
        @Mixin
        ConfigOptions options;

        @Parameters(paramLabel = "FILE", description = "Model artifact (.tpm).")
        Path file;

        @Option(names = "--weights", paramLabel = "FILE", description = "The float weights (.tpfw) it was exported from, for retraining.")
        Path weights;

        @Override
        public Integer call() throws Exception {
            try (ModelCatalog catalog = ModelCatalog.open(options.load())) {
                FloatWeights w = null;
                if (weights != null) {
                    try (InputStream in = Files.newInputStream(weights)) {
                        w = FloatWeights.read(in);
                    }
                }
                ModelArtifact a = catalog.add(Files.readAllBytes(file), w);
                System.out.println("added " + a.id() + " (" + a.name() + ") to " + catalog.source().describe());
                return 0;
            }
        }
    }

    /** {@code models mix MODEL --data FILES --out FILE}. */
    @Command(name = "mix", mixinStandardHelpOptions = true,
            description = "Writes a copy of a model whose tables are mixed with in-chunk matches, the chunk's own"
                    + " statistics and its line structure (recipe int8-v1+match-v1+context-v1+lines-v1, codec/MODEL.md"
                    + " \"Match mixing\", \"Context mixing\" and \"Line contexts\"; --no-line-contexts:"
                    + " int8-v1+match-v1+context-v1; --no-context-mixing: matches only, int8-v1+match-v1), its prior fitted"
                    + " on sample data and"
                    + " its primer sampled from them; the model is its parent. Add the"
                    + " result with 'models add' and promote it like any model. Data written by the original stays readable.")
    static final class Mix implements Callable<Integer> {
        @Mixin
        ConfigOptions options;

        @Parameters(paramLabel = "MODEL", description = "Model id (or a prefix of 16+ hex digits), name, or .tpm path.")
        String ref;

        @Option(names = "--data", required = true, paramLabel = "FILES",
                description = "Sample data like the data the model will code: comma-separated paths or globs; !PATH excludes a file.")
        String data;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where the new artifact (.tpm) goes.")
        Path out;

        @Option(names = "--chunk-size", defaultValue = "4096", description = "Bytes per sample chunk, as the processor chunks (default ${DEFAULT-VALUE}).")
        int chunkSize;

        @Option(names = "--chunks", defaultValue = "128", description = "Sample chunks, evenly spaced over the data (default ${DEFAULT-VALUE}).")
        int chunks;

        @Mixin
        MixingOptions mixing;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            if (chunkSize < 1 || chunks < 1) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--chunk-size and --chunks must be positive");
            }
            List<byte[]> sample;
            byte[] primerBytes;
            try {
                sample = SampleChunks.of(data, chunkSize, chunks);
                primerBytes = mixing.primer(spec, data);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--data: " + e.getMessage());
            }
            try (ModelCatalog catalog = ModelCatalog.open(options.load())) {
                ModelArtifact base = ModelStores.resolve(ref, catalog.source());
                long t0 = System.nanoTime();
                MatchMixing.Fit fit = MatchMixing.fit(base, sample, base.id(), mixing.stages(), primerBytes);
                if (out.getParent() != null) {
                    Files.createDirectories(out.getParent());
                }
                Files.write(out, fit.artifact());
                System.out.printf(Locale.ROOT, "fitted the prior of %s (%s), %s, on %d bytes in %.0f s: %.4f -> %.4f bits/byte%n",
                        ModelCatalog.shortId(base.id()), base.name(), mixing.stages().description(), fit.bytes(), (System.nanoTime() - t0) / 1e9,
                        fit.modelBitsPerByte(), fit.mixedBitsPerByte());
                System.out.println("wrote " + out + " (" + ModelArtifact.load(fit.artifact()).id() + ")");
                return 0;
            }
        }
    }

    private static String metric(ModelManifest m, String key) {
        Double v = m.getMetrics().get(key);
        return v == null ? "-" : String.format(Locale.ROOT, "%.4f", v);
    }
}
