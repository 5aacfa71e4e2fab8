package io.tokenpress.serdes.internals;

import io.tokenpress.serdes.TokenpressSerdeConfig;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.utils.Utils;

/** Resolves the inner serde of a tokenpress serde configured by class name. */
public final class InnerSerdes {
    private InnerSerdes() {}

    /**
     * The inner serde named by {@code key.inner.serde.class} (keys only) or {@code inner.serde.class},
     * instantiated and configured with {@code configs}; null when neither is set.
     */
    public static Serde<?> fromConfig(TokenpressSerdeConfig config, Map<String, ?> configs, boolean isKey) {
        Class<?> cls = isKey ? config.getClass(TokenpressSerdeConfig.KEY_INNER_SERDE_CLASS_CONFIG) : null;
        if (cls == null) {
            cls = config.getClass(TokenpressSerdeConfig.INNER_SERDE_CLASS_CONFIG);
        }
        if (cls == null) {
            return null;
        }
        if (!Serde.class.isAssignableFrom(cls)) {
            throw new ConfigException(TokenpressSerdeConfig.INNER_SERDE_CLASS_CONFIG, cls.getName(),
                    "not an implementation of " + Serde.class.getName());
        }
        Serde<?> serde = (Serde<?>) Utils.newInstance(cls);
        serde.configure(configs, isKey);
        return serde;
    }

    /**
     * Checks that an inner part passed to a constructor agrees with a configured one.
     *
     * @throws ConfigException if both are given and differ, or neither is
     */
    public static void checkConsistent(Object fromConstructor, Object fromConfig, String role) {
        if (fromConstructor == null && fromConfig == null) {
            throw new ConfigException("the inner " + role + " must be passed to the constructor or named by "
                    + TokenpressSerdeConfig.INNER_SERDE_CLASS_CONFIG);
        }
        if (fromConstructor != null && fromConfig != null
                && !fromConstructor.getClass().getName().equals(fromConfig.getClass().getName())) {
            throw new ConfigException("the inner " + role + " passed to the constructor ("
                    + fromConstructor.getClass().getName() + ") differs from the one "
                    + TokenpressSerdeConfig.INNER_SERDE_CLASS_CONFIG + " names (" + fromConfig.getClass().getName()
                    + ")");
        }
    }
}
