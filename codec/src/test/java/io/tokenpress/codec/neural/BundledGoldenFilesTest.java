package io.tokenpress.codec.neural;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenpress.codec.ChunkDecoder;
import io.tokenpress.codec.CodedBlock;
import io.tokenpress.codec.container.EnvelopeFormat;
import io.tokenpress.codec.model.ModelArtifact;
import io.tokenpress.codec.store.ClasspathModelStore;
import io.tokenpress.schema.CodecKind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Chunks written by each bundled model decode to their original with this version (see {@link BundledGoldenFiles}). */
class BundledGoldenFilesTest {

    @Test
    void everyGoldenEnvelopeStillDecodes() throws Exception {
        // a bundled model that was removed (its chunks could no longer be replayed) fails here
        java.nio.file.Path dir = java.nio.file.Path.of(
                BundledGoldenFilesTest.class.getClassLoader().getResource(BundledGoldenFiles.FOLDER).toURI());
        List<java.nio.file.Path> envelopes;
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(dir)) {
            envelopes = files.filter(f -> f.toString().endsWith(".env")).sorted().toList();
        }
        assertThat(envelopes).hasSizeGreaterThanOrEqualTo(10);
        EnvelopeFormat format = new EnvelopeFormat();
        try (ChunkDecoder decoder = NeuralCodecs.universalDecoder(new ClasspathModelStore())) {
            for (java.nio.file.Path env : envelopes) {
                CodedBlock block = format.toBlock(format.decode(java.nio.file.Files.readAllBytes(env)));
                assertThat(decoder.decode(block)).as("%s", env.getFileName()).isEqualTo(BundledGoldenFiles.ORIGINAL);
            }
        }
    }

    @Test
    void everyBundledModelDecodesTheChunkItWrote() {
        byte[] original = GoldenFiles.resource(BundledGoldenFiles.FOLDER + "original.txt");
        assertThat(original).isEqualTo(BundledGoldenFiles.ORIGINAL);
        ClasspathModelStore store = new ClasspathModelStore();
        List<ModelArtifact> bundled = store.list();
        assertThat(bundled).isNotEmpty();
        EnvelopeFormat format = new EnvelopeFormat();
        try (ChunkDecoder decoder = NeuralCodecs.universalDecoder(store)) {
            for (ModelArtifact model : bundled) {
                String file = BundledGoldenFiles.FOLDER + BundledGoldenFiles.fileName(model);
                assertThat(BundledGoldenFilesTest.class.getClassLoader().getResource(file))
                        .as("golden envelope of bundled model %s (%s): run BundledGoldenFiles.main", model.name(), file)
                        .isNotNull();
                CodedBlock block = format.toBlock(format.decode(GoldenFiles.resource(file)));
                assertThat(block.codec()).isEqualTo(CodecKind.NEURAL);
                assertThat(block.modelId()).isEqualTo(model.shortId());
                assertThat(decoder.decode(block)).as("chunk of %s", model.name()).isEqualTo(original);
            }
        }
    }
}
