package io.tokenpress.serdes.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenpress.serdes.TokenpressDeserializer;
import io.tokenpress.serdes.TokenpressSerdeConfig;
import io.tokenpress.serdes.TokenpressSerializer;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code schema.registry.ssl.*} settings reach the client: an HTTPS registry with a self-signed certificate. */
class RegistryTlsTest {
    private static final String PASSWORD = "changeit";

    @TempDir
    static Path dir;

    private static FakeSchemaRegistry server;
    private static Path trustStore;

    @BeforeAll
    static void startHttpsRegistry() throws Exception {
        Path serverStore = dir.resolve("server.p12");
        Path cert = dir.resolve("server.cer");
        trustStore = dir.resolve("trust.p12");
        keytool("-genkeypair", "-alias", "registry", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost",
                "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", serverStore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool("-exportcert", "-alias", "registry", "-keystore", serverStore.toString(), "-storepass", PASSWORD,
                "-file", cert.toString());
        keytool("-importcert", "-noprompt", "-alias", "registry", "-file", cert.toString(), "-storetype", "PKCS12",
                "-keystore", trustStore.toString(), "-storepass", PASSWORD);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(serverStore)) {
            ks.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASSWORD.toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        server = new FakeSchemaRegistry(tls);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static void keytool(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("keytool %s: %s", args[0], out).isZero();
    }

    @Test
    void trustStoreSettingsReachTheClient() {
        Map<String, Object> configs = Map.of(
                TokenpressSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, server.url(),
                TokenpressSerdeConfig.SSL_TRUSTSTORE_LOCATION_CONFIG, trustStore.toString(),
                TokenpressSerdeConfig.SSL_TRUSTSTORE_PASSWORD_CONFIG, PASSWORD);
        byte[] wire = new TokenpressSerializer<>(new StringSerializer(), configs).serialize("secure", "over tls");
        assertThat(wire[0]).isZero();
        assertThat(new TokenpressDeserializer<>(new StringDeserializer(), configs).deserialize("secure", wire))
                .isEqualTo("over tls");
    }

    @Test
    void anUntrustedCertificateIsANamedError() {
        Map<String, Object> configs = Map.of(TokenpressSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, server.url());
        assertThatThrownBy(() -> new TokenpressSerializer<>(new StringSerializer(), configs).serialize("secure", "x"))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("cannot reach the schema registry at [" + server.url() + "]")
                .hasMessageContaining("SSL");
    }

    @Test
    void aMissingTrustStoreIsAConfigError() {
        Map<String, Object> configs = Map.of(
                TokenpressSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, server.url(),
                TokenpressSerdeConfig.SSL_TRUSTSTORE_LOCATION_CONFIG, dir.resolve("nope.p12").toString());
        assertThatThrownBy(() -> new TokenpressSerializer<>(new StringSerializer(), configs))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("schema.registry.ssl.truststore.location")
                .hasMessageContaining("nope.p12");
    }
}
