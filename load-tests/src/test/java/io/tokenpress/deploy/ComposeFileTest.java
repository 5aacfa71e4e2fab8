package io.tokenpress.deploy;

import static io.tokenpress.deploy.DeployFiles.at;
import static io.tokenpress.deploy.DeployFiles.list;
import static io.tokenpress.deploy.DeployFiles.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tokenpress.ops.OpsHttpServer;
import io.tokenpress.processor.config.TokenpressConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The compose file: the four services, KRaft, commands, mounted files, and configurations tokenpress accepts. */
class ComposeFileTest {
    private static final Path COMPOSE = DeployFiles.deploy("compose/compose.yaml");

    @Test
    void runsKraftKafkaARegistryTheProcessorAndReplay() throws Exception {
        Map<String, Object> services = map(at(DeployFiles.yaml(COMPOSE), "services"), "services");
        assertThat(services).containsOnlyKeys("kafka", "schema-registry", "processor", "replay");

        Map<String, Object> kafkaEnv = map(at(services, "kafka", "environment"), "kafka environment");
        assertThat(kafkaEnv.get("KAFKA_PROCESS_ROLES")).isEqualTo("broker,controller");
        assertThat(String.valueOf(kafkaEnv.get("KAFKA_CONTROLLER_QUORUM_VOTERS"))).startsWith("1@kafka:");
        // exactly-once on one broker needs the transaction log with one replica
        assertThat(kafkaEnv.get("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR")).isEqualTo(1);
        assertThat(at(services, "kafka", "healthcheck", "test")).isNotNull();

        assertThat(list(at(services, "processor", "command"), "command").get(0)).isEqualTo("run");
        assertThat(list(at(services, "replay", "command"), "command").get(0)).isEqualTo("replay");
        assertThat(at(services, "processor", "build", "dockerfile")).isEqualTo("deploy/Dockerfile");
        assertThat(COMPOSE.getParent().resolve(String.valueOf(at(services, "processor", "build", "context"))).resolve("deploy/Dockerfile"))
                .exists();
        for (String s : List.of("processor", "replay")) {
            assertThat(at(services, s, "depends_on", "kafka", "condition")).isEqualTo("service_healthy");
            assertThat(list(at(services, s, "ports"), "ports")).contains("808" + (s.equals("processor") ? 1 : 2) + ":"
                    + OpsHttpServer.DEFAULT_PORT);
            for (Object v : list(at(services, s, "volumes"), "volumes")) {
                String source = String.valueOf(v).split(":")[0];
                if (source.startsWith("./")) {
                    assertThat(COMPOSE.getParent().resolve(source)).as(s + " mounts " + source).exists();
                }
            }
        }
        Map<String, Object> registry = map(services.get("schema-registry"), "schema-registry");
        assertThat(String.valueOf(registry.get("image"))).startsWith("apicurio/apicurio-registry");
    }

    @Test
    void configurationsAreValidTokenpressConfigurations() throws Exception {
        for (String f : List.of("compose/processor.properties", "compose/replay.properties")) {
            Map<String, Object> props = DeployFiles.properties(DeployFiles.deploy(f));
            TokenpressConfig config = new TokenpressConfig(props);
            assertThat(config.wantsEmbeddedBroker()).as(f + " names the compose broker").isFalse();
            assertThat(config.getString(TokenpressConfig.BOOTSTRAP_SERVERS_CONFIG)).isEqualTo("kafka:9092");
            assertThat(config.getString(TokenpressConfig.STATE_DIR_CONFIG)).isEqualTo("/var/lib/tokenpress/state");
            assertThat(props.get("ops.http.port")).isEqualTo(String.valueOf(OpsHttpServer.DEFAULT_PORT));
            assertThat(String.valueOf(props.get("schema.registry.url"))).isEqualTo("http://schema-registry:8080/apis/ccompat/v7");
        }
    }

    @Test
    void dockerComposeAcceptsTheFileWhereTheClientHasCompose() throws Exception {
        DeployFiles.Result version = DeployFiles.runTool(List.of("docker", "compose", "version"));
        assumeTrue(version.exitCode() == 0, "the docker client here has no compose plugin: " + version.output().strip());
        DeployFiles.Result config = DeployFiles.runTool(List.of("docker", "compose", "-f", COMPOSE.toString(), "config", "--quiet"));
        assertThat(config.exitCode()).as(config.output()).isZero();
    }
}
