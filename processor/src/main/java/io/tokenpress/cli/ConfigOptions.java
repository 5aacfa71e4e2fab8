package io.tokenpress.cli;

import io.tokenpress.processor.config.ConfigSources;
import io.tokenpress.processor.config.TokenpressConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** The configuration options every pipeline command shares: {@code --config FILE} and {@code --set key=value}. */
public final class ConfigOptions {
    @Option(names = "--config", paramLabel = "FILE", description = "Properties file with tokenpress and Kafka settings.")
    Path file;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Sets one setting; repeatable; wins over --config.")
    List<String> overrides = new ArrayList<>();

    /** The configuration these options describe. */
    public TokenpressConfig load() {
        return ConfigSources.load(file, overrides);
    }

    /** The configuration, starting from {@code defaults}. */
    public TokenpressConfig load(Map<String, ?> defaults) {
        return ConfigSources.load(defaults, file, overrides);
    }
}
