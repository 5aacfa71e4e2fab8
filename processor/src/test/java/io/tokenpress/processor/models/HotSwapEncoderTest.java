package io.tokenpress.processor.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenpress.codec.ChunkDecoder;
import io.tokenpress.codec.CodedBlock;
import io.tokenpress.codec.ModelIds;
import io.tokenpress.codec.ModelNotFoundException;
import io.tokenpress.codec.model.ModelArtifact;
import io.tokenpress.codec.neural.NeuralCodecs;
import io.tokenpress.codec.neural.NeuralOptions;
import io.tokenpress.codec.store.ClasspathModelStore;
import io.tokenpress.codec.store.DirectoryModelStore;
import io.tokenpress.schema.CodecKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Promotion through the local ACTIVE file switches a running encoder at the next chunk. */
class HotSwapEncoderTest {
    private static final String ALPHABET = "wxyz";

    @TempDir
    Path dir;

    @Test
    void aPromotedModelWritesTheNextChunkAndEveryChunkStaysDecodable() {
        ModelCatalog catalog = new ModelCatalog(new DirectoryModelStore(dir), new ClasspathModelStore(), null, 0);
        ModelArtifact v1 = catalog.add(TestModels.export(TestModels.unigram(TestModels.PLAIN, ALPHABET, 2f), "unigram", null, ALPHABET), null);
        ModelArtifact v2 = catalog.add(TestModels.export(TestModels.unigram(TestModels.PLAIN, ALPHABET, 2.5f), "unigram", v1.id(), ALPHABET), null);
        assertThat(v2.id()).isNotEqualTo(v1.id());

        List<CodedBlock> blocks = new ArrayList<>();
        List<byte[]> inputs = new ArrayList<>();
        try (HotSwapEncoder enc = new HotSwapEncoder(catalog.source(), catalog.pointer(), v1,
                m -> NeuralCodecs.encoder(m, NeuralOptions.defaults()), null)) {
            for (int i = 0; i < 6; i++) {
                if (i == 3) {
                    catalog.pointer().promote(v2.id());
                }
                byte[] data = TestModels.text(ALPHABET, 300, i);
                inputs.add(data);
                blocks.add(enc.encode(data));
            }
            assertThat(enc.currentModel().id()).isEqualTo(v2.id());
        }
        for (int i = 0; i < 6; i++) {
            assertThat(blocks.get(i).codec()).isEqualTo(CodecKind.NEURAL);
            assertThat(ModelIds.toHex(blocks.get(i).modelId())).isEqualTo((i < 3 ? v1 : v2).id().substring(0, 16));
        }
        try (ChunkDecoder decoder = NeuralCodecs.universalDecoder(catalog.source())) {
            for (int i = 0; i < 6; i++) {
                assertThat(decoder.decode(blocks.get(i))).isEqualTo(inputs.get(i));
            }
        }
    }

    @Test
    void anUnloadablePromotionKeepsTheCurrentModel() {
        ModelCatalog catalog = new ModelCatalog(new DirectoryModelStore(dir), new ClasspathModelStore(), null, 0);
        ModelArtifact v1 = catalog.add(TestModels.export(TestModels.unigram(TestModels.PLAIN, ALPHABET, 2f), "unigram", null, ALPHABET), null);
        catalog.pointer().promote("ab".repeat(32));
        try (HotSwapEncoder enc = new HotSwapEncoder(catalog.source(), catalog.pointer(), v1,
                m -> NeuralCodecs.encoder(m, NeuralOptions.defaults()), null)) {
            CodedBlock b = enc.encode(TestModels.text(ALPHABET, 300, 1));
            assertThat(ModelIds.toHex(b.modelId())).isEqualTo(v1.id().substring(0, 16));
        }
    }

    @Test
    void aMissingModelIsANamedErrorListingTheStoresTried() {
        ModelCatalog catalog = new ModelCatalog(new DirectoryModelStore(dir), new ClasspathModelStore(), null, 0);
        CodedBlock unknown = new CodedBlock(CodecKind.NEURAL, ModelIds.fromHex("0123456789abcdef"), null, new byte[] {1, 2}, 5, 0);
        try (ChunkDecoder decoder = NeuralCodecs.universalDecoder(catalog.source())) {
            assertThatThrownBy(() -> decoder.decode(unknown))
                    .isInstanceOf(ModelNotFoundException.class)
                    .hasMessageContaining("0123456789abcdef")
                    .hasMessageContaining("directory " + dir.toAbsolutePath())
                    .hasMessageContaining("bundled models");
        }
    }
}
