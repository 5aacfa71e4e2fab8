package io.tokenpress.processor.chunking;

import io.tokenpress.serdes.ChunkRecord;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The records of one input partition waiting to become a chunk, kept in the task's persistent,
 * changelogged key-value store under increasing sequence numbers (so a restarted task finds them in
 * order). Counts are kept in memory and rebuilt from the store on start.
 */
final class ChunkBuffer {
    private final KeyValueStore<Long, ChunkRecord> store;
    private long nextSeq;
    private int count;
    private long bytes;

    ChunkBuffer(KeyValueStore<Long, ChunkRecord> store) {
        this.store = store;
        try (KeyValueIterator<Long, ChunkRecord> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<Long, ChunkRecord> kv = it.next();
                count++;
                bytes += kv.value.sizeInBytes();
                nextSeq = Math.max(nextSeq, kv.key + 1);
            }
        }
    }

    void append(ChunkRecord r) {
        store.put(nextSeq++, r);
        count++;
        bytes += r.sizeInBytes();
    }

    boolean isEmpty() {
        return count == 0;
    }

    int count() {
        return count;
    }

    long bytes() {
        return bytes;
    }

    /** Removes and returns every buffered record in arrival order. */
    List<ChunkRecord> drain() {
        List<ChunkRecord> out = new ArrayList<>(count);
        List<Long> keys = new ArrayList<>(count);
        try (KeyValueIterator<Long, ChunkRecord> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<Long, ChunkRecord> kv = it.next();
                keys.add(kv.key);
                out.add(kv.value);
            }
        }
        for (Long k : keys) {
            store.delete(k);
        }
        count = 0;
        bytes = 0;
        nextSeq = 0;
        return out;
    }
}
