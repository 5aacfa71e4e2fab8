package io.tokenpress.processor.models;

import io.tokenpress.codec.TokenpressException;
import io.tokenpress.serdes.models.KafkaModelStore;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The active-model pointer as the {@code active} record of a compacted model topic. Reads the topic at
 * most once per refresh interval, so calling {@link #activeId()} before every chunk is cheap; a failed
 * read is logged and the last known id kept, so a broker hiccup never stops compression.
 */
public final class KafkaActivePointer implements ActiveModelPointer {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaActivePointer.class);

    private final KafkaModelStore store;
    private final long refreshNanos;
    private long lastRefresh;
    private boolean refreshed;
    private Optional<String> cached = Optional.empty();

    /**
     * @param store the model topic (not closed by this pointer)
     * @param refreshMs least time between two reads of the topic
     */
    public KafkaActivePointer(KafkaModelStore store, long refreshMs) {
        this.store = store;
        this.refreshNanos = refreshMs * 1_000_000L;
    }

    @Override
    public synchronized Optional<String> activeId() {
        long now = System.nanoTime();
        if (!refreshed || now - lastRefresh >= refreshNanos) {
            lastRefresh = now;
            refreshed = true;
            try {
                cached = store.activeId();
            } catch (TokenpressException | org.apache.kafka.common.KafkaException e) {
                LOG.warn("cannot read the active-model pointer from {}: {}; keeping {}", store.describe(), e.getMessage(),
                        cached.orElse("the configured model"));
            }
        }
        return cached;
    }

    @Override
    public synchronized void promote(String modelId) {
        store.promote(modelId);
        cached = Optional.of(modelId);
    }

    @Override
    public String describe() {
        return "record '" + KafkaModelStore.ACTIVE_KEY + "' of " + store.describe();
    }
}
