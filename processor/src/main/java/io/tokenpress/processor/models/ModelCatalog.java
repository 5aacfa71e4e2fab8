package io.tokenpress.processor.models;

import io.tokenpress.codec.ModelIds;
import io.tokenpress.codec.model.FloatWeights;
import io.tokenpress.codec.model.ModelArtifact;
import io.tokenpress.codec.store.ClasspathModelStore;
import io.tokenpress.codec.store.DirectoryModelStore;
import io.tokenpress.codec.store.ModelSource;
import io.tokenpress.codec.store.ModelStores;
import io.tokenpress.processor.config.TokenpressConfig;
import io.tokenpress.serdes.models.KafkaModelStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Every model store a command or processor can use, in lookup order: the local directory, the models
 * bundled on the classpath, and (where {@code models.topic} is set and brokers are known) the compacted
 * Kafka model topic. Also where the float weights of models live ({@code <id>.tpfw} beside the artifact,
 * {@code weights/<id>} in the topic) and the active-model pointer (the topic's {@code active} record, or
 * the local {@code ACTIVE} file without a topic). Models are only ever added, never deleted.
 */
public final class ModelCatalog implements AutoCloseable {
    /** File name suffix of float weights kept beside artifacts. */
    public static final String WEIGHTS_SUFFIX = ".tpfw";

    private final DirectoryModelStore directory;
    private final ClasspathModelStore bundled;
    private final KafkaModelStore topic;
    private final ActiveModelPointer pointer;
    private final ModelSource source;

    /**
     * @param topic the Kafka model store, or null for none (it is closed with this catalog)
     * @param refreshMs least time between reads of the Kafka pointer
     */
    public ModelCatalog(DirectoryModelStore directory, ClasspathModelStore bundled, KafkaModelStore topic, long refreshMs) {
        this.directory = directory;
        this.bundled = bundled;
        this.topic = topic;
        this.pointer = topic == null ? new FileActivePointer(directory.directory()) : new KafkaActivePointer(topic, refreshMs);
        this.source = topic == null ? ModelStores.chain(directory, bundled) : ModelStores.chain(directory, bundled, topic);
    }

    /** The catalog a configuration describes ({@code models.dir}, {@code models.topic}, {@code bootstrap.servers}). */
    public static ModelCatalog open(TokenpressConfig config) {
        String dir = config.getString(TokenpressConfig.MODELS_DIR_CONFIG);
        Path path = dir.isBlank() ? ModelStores.defaultDirectory() : Paths.get(dir);
        String topicName = config.getString(TokenpressConfig.MODELS_TOPIC_CONFIG);
        KafkaModelStore topic = topicName.isBlank() || config.wantsEmbeddedBroker()
                ? null
                : new KafkaModelStore(config.clientProperties(), topicName);
        return new ModelCatalog(new DirectoryModelStore(path), new ClasspathModelStore(), topic,
                config.getLong(TokenpressConfig.MODELS_REFRESH_MS_CONFIG));
    }

    /** All stores as one source, in lookup order; its description names every store tried. */
    public ModelSource source() {
        return source;
    }

    public DirectoryModelStore directory() {
        return directory;
    }

    public Optional<KafkaModelStore> topic() {
        return Optional.ofNullable(topic);
    }

    public ActiveModelPointer pointer() {
        return pointer;
    }

    /**
     * Adds a model to the local directory and, where configured, the model topic; with its float
     * weights (may be null) so that it can be retrained later.
     *
     * @return the loaded artifact
     */
    public ModelArtifact add(byte[] artifactBytes, FloatWeights weights) {
        ModelArtifact a = directory.put(artifactBytes);
        byte[] w = weights == null ? null : serialize(weights);
        if (w != null) {
            writeFile(directory.directory().resolve(a.id() + WEIGHTS_SUFFIX), w);
        }
        if (topic != null) {
            topic.publish(artifactBytes);
            if (w != null) {
                topic.publishWeights(a.id(), w);
            }
        }
        return a;
    }

    /**
     * The float weights a model was exported from: {@code <id>.tpfw} in the local directory, the model
     * topic's {@code weights/<id>}, or a bundled {@code tokenpress/models/<name>.tpfw} of the same
     * architecture.
     */
    public Optional<FloatWeights> floatWeights(ModelArtifact model) {
        Path f = directory.directory().resolve(model.id() + WEIGHTS_SUFFIX);
        try {
            if (Files.isRegularFile(f)) {
                return Optional.of(read(Files.readAllBytes(f), model, f.toString()));
            }
            if (topic != null) {
                Optional<byte[]> w = topic.weights(model.id());
                if (w.isPresent()) {
                    return Optional.of(read(w.get(), model, topic.describe()));
                }
            }
            try (InputStream in = ModelCatalog.class.getClassLoader()
                    .getResourceAsStream(ClasspathModelStore.FOLDER + model.name() + WEIGHTS_SUFFIX)) {
                if (in != null) {
                    FloatWeights w = read(in.readAllBytes(), model, "bundled " + model.name() + WEIGHTS_SUFFIX);
                    if (w.config().equals(model.config())) {
                        return Optional.of(w);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the float weights of model " + model.id(), e);
        }
        return Optional.empty();
    }

    /** Where {@link #floatWeights} looks, for error messages. */
    public String describeWeightStores(ModelArtifact model) {
        return directory.directory().resolve(model.id() + WEIGHTS_SUFFIX)
                + (topic == null ? "" : ", " + topic.describe() + " key weights/" + model.id())
                + ", classpath " + ClasspathModelStore.FOLDER + model.name() + WEIGHTS_SUFFIX;
    }

    /**
     * The exact bytes of a model artifact: its file in the local directory, the bundled resource of its
     * name, or its parts written again (when that reproduces its hash).
     *
     * @throws IllegalStateException if none of these gives bytes that hash to the model's id
     */
    public byte[] artifactBytes(ModelArtifact model) {
        try {
            Path f = directory.directory().resolve(model.id() + DirectoryModelStore.SUFFIX);
            if (Files.isRegularFile(f)) {
                return Files.readAllBytes(f);
            }
            try (InputStream in = ModelCatalog.class.getClassLoader()
                    .getResourceAsStream(ClasspathModelStore.FOLDER + model.name() + DirectoryModelStore.SUFFIX)) {
                if (in != null) {
                    byte[] b = in.readAllBytes();
                    if (ModelIds.toHex(ModelArtifact.sha256(b, 0, b.length)).equals(model.id())) {
                        return b;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model " + model.id(), e);
        }
        byte[] b = ModelArtifact.write(model.manifest(), model.tensors().values());
        if (!ModelIds.toHex(ModelArtifact.sha256(b, 0, b.length)).equals(model.id())) {
            throw new IllegalStateException("cannot find the bytes of model " + model.id() + "; add its .tpm file with 'tokenpress models add'");
        }
        return b;
    }

    /** Every model the stores can list, by id (first store wins). */
    public Map<String, ModelArtifact> all() {
        Map<String, ModelArtifact> m = new LinkedHashMap<>();
        for (ModelArtifact a : source.list()) {
            m.putIfAbsent(a.id(), a);
        }
        return m;
    }

    /** Short form of an id for tables: its first 16 hex digits. */
    public static String shortId(String id) {
        return id.length() <= 16 ? id : id.substring(0, 16);
    }

    /** Hex id of an envelope's short model id. */
    public static String hex(byte[] id) {
        return ModelIds.toHex(id);
    }

    private static FloatWeights read(byte[] bytes, ModelArtifact model, String where) throws IOException {
        FloatWeights w = FloatWeights.read(new ByteArrayInputStream(bytes));
        if (!w.config().equals(model.config())) {
            throw new IllegalStateException("float weights in " + where + " have architecture " + w.config()
                    + " but model " + model.id() + " has " + model.config());
        }
        return w;
    }

    static byte[] serialize(FloatWeights w) {
        try {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            w.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeFile(Path f, byte[] bytes) {
        try {
            Files.createDirectories(f.getParent());
            Path tmp = Files.createTempFile(f.getParent(), ".incoming-", ".tmp");
            Files.write(tmp, bytes);
            Files.move(tmp, f, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + f, e);
        }
    }

    @Override
    public void close() {
        pointer.close();
        if (topic != null) {
            topic.close();
        }
    }
}
