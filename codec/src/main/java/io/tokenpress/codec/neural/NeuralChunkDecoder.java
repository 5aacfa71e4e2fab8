package io.tokenpress.codec.neural;

import io.tokenpress.codec.CodedBlock;
import io.tokenpress.codec.CorruptChunkException;
import io.tokenpress.codec.ModelIds;
import io.tokenpress.codec.NeuralBlockDecoder;
import io.tokenpress.codec.model.ArchConfig;
import io.tokenpress.codec.model.ModelArtifact;
import io.tokenpress.codec.store.ModelSource;
import io.tokenpress.codec.store.ModelStores;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decodes NEURAL blocks: finds the model by the block's id in a {@link ModelSource}, checks the latent,
 * and arithmetic-decodes the bytes under incremental integer evaluation. Backends are kept per model.
 * Thread-safe.
 */
final class NeuralChunkDecoder implements NeuralBlockDecoder, AutoCloseable {
    /** Longest latent a block may carry, whatever the model says. */
    static final int MAX_LATENT = 4096;

    private final ModelSource source;
    private final String engine;
    private final int threads;
    private final Map<String, Runtime> runtimes = new ConcurrentHashMap<>();

    /** A model's backend and its mixing recipe (null when its tables are not mixed). */
    private record Runtime(DecompressorBackend backend, MatchMixing.Recipe mixing) {}

    NeuralChunkDecoder(ModelSource source, String engine, int threads) {
        this.source = source;
        this.engine = engine;
        this.threads = threads;
    }

    @Override
    public byte[] decodeNeural(CodedBlock block) {
        byte[] id = block.modelId();
        CorruptChunkException.verify(id.length == ModelIds.SHORT_ID_BYTES || id.length == 32,
                "neural block carries a model id of %d bytes, expected %d (or a full 32-byte SHA-256)",
                id.length, ModelIds.SHORT_ID_BYTES);
        Runtime runtime = runtimes.computeIfAbsent(ModelIds.toHex(id), k -> {
            ModelArtifact m = ModelStores.require(source, id);
            MatchMixing.Recipe mixing = MatchMixing.recipe(m);
            return new Runtime(Backends.create(engine, m, threads), mixing);
        });
        DecompressorBackend backend = runtime.backend();
        ArchConfig cfg = backend.model().config();
        int[] latent = block.latentTokens();
        if (latent.length > 0) {
            boolean hasEncoder = cfg.encoderLayers() > 0 && cfg.latentVocab() > 0;
            CorruptChunkException.verify(hasEncoder, "block carries %d latent tokens but model %s has no latent encoder",
                    latent.length, backend.model().id());
            CorruptChunkException.verify(latent.length <= MAX_LATENT, "block carries %d latent tokens (limit %d)",
                    latent.length, MAX_LATENT);
            for (int v : latent) {
                CorruptChunkException.verify(v >= 0 && v < cfg.latentVocab(),
                        "latent token %d out of range 0..%d", v, cfg.latentVocab() - 1);
            }
        }
        return NeuralCoding.decode(backend, runtime.mixing(), latent, block.payload(), block.originalLength());
    }

    @Override
    public void close() {
        runtimes.values().forEach(r -> r.backend().close());
    }
}
