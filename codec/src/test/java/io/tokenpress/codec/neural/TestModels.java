package io.tokenpress.codec.neural;

import io.tokenpress.codec.model.ArchConfig;
import io.tokenpress.codec.model.ModelArtifact;
import io.tokenpress.codec.model.ModelExporter;
import io.tokenpress.codec.model.RandomWeights;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Small models with seeded random weights, exported once per JVM. */
public final class TestModels {
    private TestModels() {}

    private static final Map<String, ModelArtifact> CACHE = new ConcurrentHashMap<>();

    /** Tiny: d=32, 2 heads, 1+1 layers, window 32, latent vocab 16, compressor included. */
    public static final ArchConfig TINY = ArchConfig.tiny();

    /** No latent: d=48, 3 heads, 2 decoder layers, window 16. */
    public static final ArchConfig NO_LATENT = new ArchConfig(48, 3, 96, 0, 2, 16, 8, 32, 0, 0, 0);

    /** Wider heads and longer window, with latent but without compressor. */
    public static final ArchConfig WIDE = new ArchConfig(64, 2, 128, 1, 2, 64, 32, 128, 32, 8, 0);

    public static final byte[] SAMPLE = ("{\"user\":\"alice\",\"action\":\"login\",\"ok\":true,\"ms\":42}\n"
            + "{\"user\":\"bob\",\"action\":\"logout\",\"ok\":false,\"ms\":7}\n").getBytes(StandardCharsets.US_ASCII);

    public static ModelArtifact model(ArchConfig cfg) {
        return model(cfg, 1);
    }

    public static ModelArtifact model(ArchConfig cfg, long seed) {
        return CACHE.computeIfAbsent(cfg + "/" + seed, k -> ModelArtifact.load(ModelExporter.export(
                RandomWeights.create(cfg, seed), "test", null, Map.of("createdAt", "0", "seed", "" + seed),
                List.of(SAMPLE))));
    }
}
