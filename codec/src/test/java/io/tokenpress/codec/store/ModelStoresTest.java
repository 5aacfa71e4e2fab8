package io.tokenpress.codec.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenpress.codec.ModelNotFoundException;
import io.tokenpress.codec.model.ModelArtifact;
import io.tokenpress.codec.model.ModelExporter;
import io.tokenpress.codec.model.RandomWeights;
import io.tokenpress.codec.neural.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelStoresTest {
    private static final byte[] BYTES = ModelExporter.export(RandomWeights.create(TestModels.NO_LATENT, 6), "plain", null,
            Map.of("createdAt", "7"), List.of(TestModels.SAMPLE));

    @Test
    void directoryStoreFindsByShortIdAndName(@TempDir Path dir) {
        DirectoryModelStore store = new DirectoryModelStore(dir);
        ModelArtifact a = store.put(BYTES);
        assertThat(dir.resolve(a.id() + ".tpm")).exists();
        DirectoryModelStore fresh = new DirectoryModelStore(dir);
        assertThat(fresh.find(a.shortId())).map(ModelArtifact::id).contains(a.id());
        assertThat(ModelStores.resolve("plain", fresh).id()).isEqualTo(a.id());
        assertThat(ModelStores.resolve(a.id().substring(0, 16), fresh).id()).isEqualTo(a.id());
        assertThat(ModelStores.resolve(dir.resolve(a.id() + ".tpm").toString(), fresh).id()).isEqualTo(a.id());
        assertThat(fresh.find(new byte[] {1, 2, 3, 4, 5, 6, 7, 8})).isEmpty();
    }

    @Test
    void tamperedFileInTheStoreIsReported(@TempDir Path dir) throws Exception {
        ModelArtifact a = new DirectoryModelStore(dir).put(BYTES);
        Path f = dir.resolve(a.id() + ".tpm");
        byte[] bad = Files.readAllBytes(f);
        bad[100] ^= 1;
        Files.write(f, bad);
        assertThatThrownBy(() -> new DirectoryModelStore(dir).find(a.shortId()))
                .isInstanceOf(ModelNotFoundException.class).hasMessageContaining("corrupt");
    }

    @Test
    void missingModelNamesIdAndStores(@TempDir Path dir) {
        ModelSource chain = ModelStores.chain(new DirectoryModelStore(dir), new ClasspathModelStore());
        assertThatThrownBy(() -> ModelStores.require(chain, new byte[] {(byte) 0xab, 1, 2, 3, 4, 5, 6, 7}))
                .isInstanceOf(ModelNotFoundException.class)
                .hasMessageContaining("ab01020304050607")
                .hasMessageContaining(dir.toAbsolutePath().toString())
                .hasMessageContaining("bundled models");
        assertThatThrownBy(() -> ModelStores.resolve("no-such-model", chain)).isInstanceOf(ModelNotFoundException.class);
    }

    @Test
    void classpathStoreLoadsBundledModels() {
        // whatever is bundled under tokenpress/models/ must load and verify
        for (ModelArtifact a : new ClasspathModelStore().list()) {
            assertThat(new ClasspathModelStore().find(a.shortId())).isPresent();
        }
    }
}
