package io.tokenpress.processor.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigException;

/**
 * Builds a {@link TokenpressConfig} from a properties file and {@code key=value} overrides, the
 * overrides winning.
 */
public final class ConfigSources {
    private ConfigSources() {}

    /**
     * @param file a {@code .properties} file, or null for none
     * @param overrides {@code key=value} strings applied after the file, in order
     * @throws ConfigException if the file cannot be read, an override is not {@code key=value}, or a value
     *     is invalid
     */
    public static TokenpressConfig load(Path file, List<String> overrides) {
        return load(Map.of(), file, overrides);
    }

    /**
     * Like {@link #load(Path, List)}, starting from {@code defaults} (which the file and overrides replace).
     */
    public static TokenpressConfig load(Map<String, ?> defaults, Path file, List<String> overrides) {
        Map<String, Object> m = new LinkedHashMap<>(defaults);
        if (file != null) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException e) {
                throw new ConfigException("cannot read configuration file " + file + ": " + e.getMessage());
            }
            p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k)));
        }
        if (overrides != null) {
            for (String o : overrides) {
                int eq = o.indexOf('=');
                if (eq <= 0) {
                    throw new ConfigException("expected key=value, got '" + o + "'");
                }
                m.put(o.substring(0, eq).trim(), o.substring(eq + 1));
            }
        }
        return new TokenpressConfig(m);
    }
}
