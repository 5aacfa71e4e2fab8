package io.tokenpress.codec.neural;

import io.tokenpress.codec.ModelIds;
import io.tokenpress.codec.model.ModelArtifact;
import io.tokenpress.codec.store.ModelSource;
import java.util.List;
import java.util.Optional;

/** A model source over a fixed list of artifacts. */
final class InMemoryModelSource implements ModelSource {
    private final List<ModelArtifact> models;

    InMemoryModelSource(ModelArtifact... models) {
        this.models = List.of(models);
    }

    @Override
    public Optional<ModelArtifact> find(byte[] idPrefix) {
        String p = ModelIds.toHex(idPrefix);
        return models.stream().filter(m -> m.id().startsWith(p)).findFirst();
    }

    @Override
    public List<ModelArtifact> list() {
        return models;
    }

    @Override
    public String describe() {
        return "memory";
    }
}
