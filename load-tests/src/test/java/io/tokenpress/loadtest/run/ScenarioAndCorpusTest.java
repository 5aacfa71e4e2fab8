package io.tokenpress.loadtest.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenarioAndCorpusTest {

    @Test
    void parsesEveryScenarioForm() {
        assertThat(Scenario.parse("kafka-lz4")).isEqualTo(new Scenario("kafka-lz4", Scenario.Kind.KAFKA, "lz4", "", ""));
        assertThat(Scenario.parse("tokenpress-serde-zstd").kind()).isEqualTo(Scenario.Kind.SERDE);
        Scenario neural = Scenario.parse("tokenpress-chunk-neural:General");
        assertThat(neural.kind()).isEqualTo(Scenario.Kind.CHUNKING);
        assertThat(neural.codec()).isEqualTo("neural");
        assertThat(neural.model()).as("model names keep their case").isEqualTo("General");
        assertThat(neural.topicSafeName()).isEqualTo("tokenpress-chunk-neural_general");
        for (String bad : List.of("kafka-brotli", "tokenpress-chunk-neural:", "tokenpress-serde-raw", "lz4")) {
            assertThatThrownBy(() -> Scenario.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("kafka-<none|gzip|snappy|lz4|zstd>");
        }
    }

    @Test
    void allComparesKafkaCompressionThenTokenpressWithZstdAndEachModel() {
        assertThat(Scenario.all(List.of("general", "logs"))).extracting(Scenario::name).containsExactly(
                "kafka-none", "kafka-gzip", "kafka-snappy", "kafka-lz4", "kafka-zstd",
                "tokenpress-serde-zstd", "tokenpress-chunk-zstd",
                "tokenpress-serde-neural:general", "tokenpress-chunk-neural:general",
                "tokenpress-serde-neural:logs", "tokenpress-chunk-neural:logs");
    }

    @Test
    void corpusReadsLinesWithinItsBudgetAndCyclesThem(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("in.txt");
        Files.writeString(f, "aaaa\n\nbbbb\ncccc\n", StandardCharsets.UTF_8);
        Corpus c = Corpus.load(f, 9);
        assertThat(c.size()).isEqualTo(2);
        assertThat(c.bytes()).isEqualTo(8);
        assertThat(new String(c.record(3), StandardCharsets.UTF_8)).isEqualTo("bbbb");
        assertThat(c.contains("aaaa".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(c.contains("cccc".getBytes(StandardCharsets.UTF_8))).as("beyond the budget").isFalse();
        assertThat(c.contains(null)).isFalse();
        assertThat(Corpus.load(f, 1).size()).as("at least one line").isEqualTo(1);

        Path empty = dir.resolve("empty.txt");
        Files.writeString(empty, "\n\n");
        assertThatThrownBy(() -> Corpus.load(empty, 100)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no non-empty line");
    }
}
