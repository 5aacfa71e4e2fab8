package io.tokenpress.processor.models;

import io.tokenpress.codec.ChunkEncoder;
import io.tokenpress.codec.CodedBlock;
import io.tokenpress.codec.ModelIds;
import io.tokenpress.codec.TokenpressException;
import io.tokenpress.codec.model.ModelArtifact;
import io.tokenpress.codec.store.ModelSource;
import io.tokenpress.codec.store.ModelStores;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A neural encoder that follows the active-model pointer: before each chunk it asks the pointer which
 * model is active and, when that changed, loads the model (from any store, verified by its hash) and
 * switches to it for this chunk and the next ones. No restart is needed, and nothing is lost: chunks
 * already written name the model that wrote them. If a promoted model cannot be loaded, the error is
 * logged once and the current model stays in use. One instance per stream task (not thread-safe).
 */
public final class HotSwapEncoder implements ChunkEncoder {
    private static final Logger LOG = LoggerFactory.getLogger(HotSwapEncoder.class);

    private final ModelSource source;
    private final ActiveModelPointer pointer;
    private final Function<ModelArtifact, ChunkEncoder> factory;
    private final AutoCloseable owned;
    private final Set<String> failed = new HashSet<>();

    private ModelArtifact model;
    private ChunkEncoder current;

    /**
     * @param initial the model to use until the pointer names one
     * @param factory builds the encoder of a model (e.g. {@code m -> NeuralCodecs.encoder(m, opts)})
     * @param owned closed with this encoder (e.g. the catalog the source and pointer belong to); may be null
     */
    public HotSwapEncoder(ModelSource source, ActiveModelPointer pointer, ModelArtifact initial,
            Function<ModelArtifact, ChunkEncoder> factory, AutoCloseable owned) {
        this.source = Objects.requireNonNull(source, "source");
        this.pointer = Objects.requireNonNull(pointer, "pointer");
        this.factory = Objects.requireNonNull(factory, "factory");
        this.owned = owned;
        this.model = Objects.requireNonNull(initial, "initial");
        this.current = factory.apply(initial);
    }

    @Override
    public CodedBlock encode(byte[] data) {
        follow();
        return current.encode(data);
    }

    /** The model the next chunk is written with, after consulting the pointer. */
    public ModelArtifact currentModel() {
        follow();
        return model;
    }

    private void follow() {
        Optional<String> want;
        try {
            want = pointer.activeId();
        } catch (TokenpressException | java.io.UncheckedIOException e) {
            LOG.warn("cannot read the active-model pointer ({}): {}", pointer.describe(), e.getMessage());
            return;
        }
        if (want.isEmpty() || want.get().equals(model.id()) || failed.contains(want.get())) {
            return;
        }
        String id = want.get();
        try {
            ModelArtifact next = ModelStores.require(source, ModelIds.fromHex(id));
            ChunkEncoder enc = factory.apply(next);
            ChunkEncoder old = current;
            LOG.info("switching from model {} to {} ({}) at the next chunk", shortId(model.id()), shortId(next.id()), next.name());
            current = enc;
            model = next;
            old.close();
        } catch (TokenpressException | IllegalArgumentException e) {
            failed.add(id);
            LOG.error("model {} is active but cannot be used: {}; still writing with {}", id, e.getMessage(), shortId(model.id()));
        }
    }

    private static String shortId(String id) {
        return id.substring(0, Math.min(16, id.length()));
    }

    @Override
    public String name() {
        return current.name();
    }

    @Override
    public void close() {
        current.close();
        if (owned != null) {
            try {
                owned.close();
            } catch (Exception e) {
                LOG.warn("closing {}: {}", owned, e.toString());
            }
        }
    }
}
