package io.tokenpress.processor.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenpress.codec.train.FeedbackTrainer;
import io.tokenpress.processor.broker.EmbeddedKafkaBroker;
import io.tokenpress.processor.config.TokenpressConfig;
import io.tokenpress.processor.models.TestModels;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code demo --retrain} end to end on the in-process broker, with a small model that beats zstd on its data. */
class RetrainDemoIT {
    private static final String ALPHABET = "acgt";

    @TempDir
    Path dir;

    @Test
    void theLoopUsesTwoModelsAndEveryRecordComesBack() throws Exception {
        Path model = dir.resolve("start.tpm");
        Files.write(model, TestModels.export(TestModels.unigram(TestModels.PLAIN, ALPHABET, 1.2f), "dna", null, ALPHABET));
        List<byte[]> lines = new ArrayList<>();
        for (int i = 0; i < 48; i++) {
            lines.add(TestModels.text(ALPHABET, 150, i));
        }
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"))) {
            Map<String, Object> m = new HashMap<>();
            m.put(TokenpressConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            m.put(TokenpressConfig.APPLICATION_ID_CONFIG, "retrain-demo");
            m.put(TokenpressConfig.STATE_DIR_CONFIG, dir.resolve("state").toString());
            m.put(TokenpressConfig.MODELS_DIR_CONFIG, dir.resolve("models").toString());
            m.put(TokenpressConfig.MODELS_TOPIC_CONFIG, "demo-models");
            m.put(TokenpressConfig.FEEDBACK_TOPIC_CONFIG, "demo-feedback");
            m.put(TokenpressConfig.MODEL_CONFIG, model.toString());
            m.put(TokenpressConfig.CHUNK_MAX_BYTES_CONFIG, "1024");
            m.put(TokenpressConfig.CHUNK_LINGER_MS_CONFIG, "200");
            ByteArrayOutputStream progress = new ByteArrayOutputStream();
            RetrainDemoReport report = new RetrainDemo(new TokenpressConfig(m), 2, new PrintStream(progress),
                    new FeedbackTrainer.Options(20, 4, 1e-2, 2.0, 1024, 1)).run(lines);

            assertThat(report.lossless()).as("progress:%n%s", progress).isTrue();
            assertThat(report.replayed()).isEqualTo(48);
            assertThat(report.modelsUsed()).containsExactlyInAnyOrder(report.startModel(), report.newModel());
            assertThat(report.feedbackEvents()).isPositive().isEqualTo(report.sampledChunks());
            // the starting model is deliberately unsure of its alphabet: retraining sharpens it
            assertThat(report.bitsPerByteAfter()).isLessThan(report.bitsPerByteBefore());
            assertThat(report.toJson()).contains("\"modelsUsed\":2").contains("\"lossless\":true").contains("\"ratioBefore\":")
                    .contains("\"ratioAfter\":");
        }
    }
}
