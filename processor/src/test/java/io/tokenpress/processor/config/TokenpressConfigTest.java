package io.tokenpress.processor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenpress.codec.neural.NeuralOptions;
import io.tokenpress.ops.OpsHttpServer;
import io.tokenpress.processor.chunking.ChunkingSettings;
import io.tokenpress.processor.codec.EncoderSelection;
import io.tokenpress.processor.models.ModelRollout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenpressConfigTest {
    @TempDir
    Path dir;

    @Test
    void hasSensibleDefaults() {
        TokenpressConfig c = new TokenpressConfig(Map.of());
        assertThat(c.wantsEmbeddedBroker()).isTrue();
        assertThat(c.getString(TokenpressConfig.CODEC_CONFIG)).isEqualTo("zstd");
        assertThat(c.getString(TokenpressConfig.REPLAY_ON_CORRUPT_CONFIG)).isEqualTo("fail");
        ChunkingSettings s = ChunkingSettings.from(c);
        assertThat(s.maxRecords()).isEqualTo(1000);
        assertThat(s.maxBytes()).isEqualTo(512 * 1024);
        assertThat(s.linger()).isEqualTo(Duration.ofSeconds(1));
        Properties p = c.streamsProperties("app");
        assertThat(p.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
        assertThat(p.get(StreamsConfig.APPLICATION_ID_CONFIG)).isEqualTo("app");
        assertThat(c.opsHttpPort()).isEqualTo(OpsHttpServer.DEFAULT_PORT);
    }

    @Test
    void opsHttpPortTakesMinusOneForNoneAndZeroForAnyFreePort() {
        assertThat(new TokenpressConfig(Map.of(TokenpressConfig.OPS_HTTP_PORT_CONFIG, "-1")).opsHttpPort()).isEqualTo(-1);
        assertThat(new TokenpressConfig(Map.of(TokenpressConfig.OPS_HTTP_PORT_CONFIG, "0")).opsHttpPort()).isZero();
        assertThat(new TokenpressConfig(Map.of(TokenpressConfig.OPS_HTTP_PORT_CONFIG, "9000")).opsHttpPort()).isEqualTo(9000);
        for (String bad : List.of("-2", "65536", "http")) {
            assertThatThrownBy(() -> new TokenpressConfig(Map.of(TokenpressConfig.OPS_HTTP_PORT_CONFIG, bad)))
                    .isInstanceOf(ConfigException.class).hasMessageContaining(TokenpressConfig.OPS_HTTP_PORT_CONFIG);
        }
        assertThat(new TokenpressConfig(Map.of()).streamsProperties("x")).doesNotContainKey(TokenpressConfig.OPS_HTTP_PORT_CONFIG);
    }

    @Test
    void neuralSettingsBecomeTheEncodersOptions() {
        NeuralOptions defaults = ModelRollout.neuralOptions(new TokenpressConfig(Map.of()));
        assertThat(defaults).isEqualTo(NeuralOptions.defaults());
        TokenpressConfig c = new TokenpressConfig(Map.of(
                TokenpressConfig.NEURAL_ENGINE_CONFIG, "djl",
                TokenpressConfig.NEURAL_THREADS_CONFIG, "2",
                TokenpressConfig.NEURAL_LATENT_SAMPLES_CONFIG, "0",
                TokenpressConfig.NEURAL_LATENT_MAX_BYTES_CONFIG, "0"));
        assertThat(ModelRollout.neuralOptions(c)).isEqualTo(new NeuralOptions("djl", 2, 19, 0, 0, 0));
        assertThat(c.streamsProperties("x")).doesNotContainKeys(TokenpressConfig.NEURAL_ENGINE_CONFIG,
                TokenpressConfig.NEURAL_LATENT_MAX_BYTES_CONFIG);
        for (Map.Entry<String, String> bad : List.of(Map.entry(TokenpressConfig.NEURAL_ENGINE_CONFIG, "cuda"),
                Map.entry(TokenpressConfig.NEURAL_THREADS_CONFIG, "0"),
                Map.entry(TokenpressConfig.NEURAL_LATENT_SAMPLES_CONFIG, "-1"),
                Map.entry(TokenpressConfig.NEURAL_LATENT_MAX_BYTES_CONFIG, "-1"))) {
            assertThatThrownBy(() -> new TokenpressConfig(Map.ofEntries(bad)))
                    .isInstanceOf(ConfigException.class).hasMessageContaining(bad.getKey());
        }
    }

    /** The Configuration table of README.md is the ConfigDef's: one row per setting, its doc text verbatim. */
    @Test
    void readmeDocumentsEverySettingAsDefined() throws Exception {
        Path readme = Path.of("..", "README.md");
        Assumptions.assumeTrue(Files.exists(readme), "README.md beside the module");
        String text = Files.readString(readme);
        for (ConfigDef.ConfigKey key : TokenpressConfig.configDef().configKeys().values()) {
            assertThat(text).as("README row of %s", key.name)
                    .containsPattern("(?m)^\\| `" + Pattern.quote(key.name) + "` \\|[^|]*\\| " + Pattern.quote(key.documentation) + " \\|$");
        }
    }

    @Test
    void passesUnknownSettingsThroughToKafka() {
        TokenpressConfig c = new TokenpressConfig(Map.of(
                "bootstrap.servers", "broker:9092",
                "processing.guarantee", "at_least_once",
                "security.protocol", "SSL",
                "chunk.max.records", "10"));
        Properties p = c.streamsProperties("x");
        assertThat(p.get("processing.guarantee")).isEqualTo("at_least_once");
        assertThat(p.get("security.protocol")).isEqualTo("SSL");
        assertThat(p).doesNotContainKey("chunk.max.records");
        assertThat(c.clientProperties()).containsEntry("bootstrap.servers", "broker:9092").containsEntry("security.protocol", "SSL");
        assertThat(c.wantsEmbeddedBroker()).isFalse();
    }

    @Test
    void rejectsInvalidValuesNamingTheSetting() {
        assertThatThrownBy(() -> new TokenpressConfig(Map.of("chunk.max.records", "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("chunk.max.records");
        assertThatThrownBy(() -> new TokenpressConfig(Map.of("codec", "gzip")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("codec");
        assertThatThrownBy(() -> new TokenpressConfig(Map.of("zstd.level", "23")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("zstd.level");
        assertThatThrownBy(() -> new TokenpressConfig(Map.of("replay.on.corrupt", "ignore")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("replay.on.corrupt");
    }

    @Test
    void overridesWinOverTheFileWhichWinsOverDefaults() throws Exception {
        Path f = dir.resolve("tp.properties");
        Files.writeString(f, "chunk.max.records=7\nchunk.linger.ms=50\ninput.topic=from-file\n");
        TokenpressConfig c = ConfigSources.load(Map.of("chunk.linger.ms", "9", "output.topic", "default-out"), f,
                List.of("input.topic=from-set", "linger.ms=5"));
        assertThat(c.getInt(TokenpressConfig.CHUNK_MAX_RECORDS_CONFIG)).isEqualTo(7);
        assertThat(c.getLong(TokenpressConfig.CHUNK_LINGER_MS_CONFIG)).isEqualTo(50);
        assertThat(c.inputTopic()).isEqualTo("from-set");
        assertThat(c.outputTopic()).isEqualTo("default-out");
        assertThat(c.streamsProperties("a").get("linger.ms")).isEqualTo("5");
    }

    @Test
    void rejectsMalformedOverridesAndMissingFiles() {
        assertThatThrownBy(() -> ConfigSources.load(null, List.of("novalue")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("key=value");
        assertThatThrownBy(() -> ConfigSources.load(dir.resolve("missing.properties"), List.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("missing.properties");
    }

    @Test
    void encoderSelectionFollowsTheCodecSetting() {
        assertThat(EncoderSelection.create(new TokenpressConfig(Map.of("zstd.level", "7"))).name()).isEqualTo("zstd-7");
        assertThat(EncoderSelection.create(new TokenpressConfig(Map.of("codec", "raw"))).name()).isEqualTo("raw");
    }
}
