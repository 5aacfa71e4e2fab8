package io.tokenpress.serdes.internals;

import io.tokenpress.serdes.TokenpressSerdeConfig;
import io.tokenpress.serdes.registry.RestSchemaRegistryClient;
import io.tokenpress.serdes.registry.SchemaRegistryClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/** Builds the schema-registry client a serde configuration asks for. */
public final class SchemaRegistries {
    private SchemaRegistries() {}

    /**
     * @return a client for {@code schema.registry.url}, or null when it is not set
     * @throws ConfigException if the URL, the credentials or the TLS stores are unusable
     */
    public static SchemaRegistryClient fromConfig(TokenpressSerdeConfig config) {
        if (!config.usesSchemaRegistry()) {
            return null;
        }
        RestSchemaRegistryClient.Builder b = RestSchemaRegistryClient.builder();
        try {
            b.setUrls(config.getList(TokenpressSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(TokenpressSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG,
                    config.getList(TokenpressSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG), e.getMessage());
        }
        String userInfo = config.getPassword(TokenpressSerdeConfig.BASIC_AUTH_USER_INFO_CONFIG).value();
        if (!userInfo.isEmpty()) {
            int colon = userInfo.indexOf(':');
            if (colon < 0) {
                throw new ConfigException(TokenpressSerdeConfig.BASIC_AUTH_USER_INFO_CONFIG + " must be 'user:password'");
            }
            b.optBasicAuth(userInfo.substring(0, colon), userInfo.substring(colon + 1));
        }
        b.optRequestTimeout(Duration.ofMillis(config.getInt(TokenpressSerdeConfig.REQUEST_TIMEOUT_MS_CONFIG)));
        SSLContext ssl = sslContext(config);
        if (ssl != null) {
            b.optSslContext(ssl);
        }
        return b.build();
    }

    /** The TLS context the {@code schema.registry.ssl.*} settings describe, or null when none is set. */
    static SSLContext sslContext(TokenpressSerdeConfig c) {
        String trustLocation = c.getString(TokenpressSerdeConfig.SSL_TRUSTSTORE_LOCATION_CONFIG);
        String keyLocation = c.getString(TokenpressSerdeConfig.SSL_KEYSTORE_LOCATION_CONFIG);
        if (trustLocation.isEmpty() && keyLocation.isEmpty()) {
            return null;
        }
        try {
            TrustManagerFactory tmf = null;
            if (!trustLocation.isEmpty()) {
                KeyStore trust = load(trustLocation, c.getString(TokenpressSerdeConfig.SSL_TRUSTSTORE_TYPE_CONFIG),
                        c.getPassword(TokenpressSerdeConfig.SSL_TRUSTSTORE_PASSWORD_CONFIG),
                        TokenpressSerdeConfig.SSL_TRUSTSTORE_LOCATION_CONFIG);
                tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trust);
            }
            KeyManagerFactory kmf = null;
            if (!keyLocation.isEmpty()) {
                Password storePassword = c.getPassword(TokenpressSerdeConfig.SSL_KEYSTORE_PASSWORD_CONFIG);
                KeyStore keys = load(keyLocation, c.getString(TokenpressSerdeConfig.SSL_KEYSTORE_TYPE_CONFIG),
                        storePassword, TokenpressSerdeConfig.SSL_KEYSTORE_LOCATION_CONFIG);
                String keyPassword = c.getPassword(TokenpressSerdeConfig.SSL_KEY_PASSWORD_CONFIG).value();
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(keys, (keyPassword.isEmpty() ? storePassword.value() : keyPassword).toCharArray());
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new ConfigException("cannot set up TLS for the schema registry: " + e.getMessage());
        }
    }

    private static KeyStore load(String location, String type, Password password, String setting)
            throws GeneralSecurityException {
        try (InputStream in = Files.newInputStream(Path.of(location))) {
            KeyStore ks = KeyStore.getInstance(type);
            ks.load(in, password.value().isEmpty() ? null : password.value().toCharArray());
            return ks;
        } catch (IOException e) {
            throw new ConfigException(setting, location, "cannot read the " + type + " store: " + e);
        }
    }
}
