package io.tokenpress.processor.chunking;

import io.tokenpress.codec.ChunkEncoder;
import io.tokenpress.processor.chunk.ChunkWriter;
import io.tokenpress.processor.kafka.PartitionedValue;
import io.tokenpress.serdes.ChunkRecord;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Buffers the records of its task's input partition and forwards them as chunks, bound for the same
 * partition number of the compressed topic. Flushes at max records, before max bytes would be exceeded,
 * and after the linger time; a record at or over max bytes becomes a chunk of its own after the
 * buffer before it. Nothing is dropped: tombstones, empty values, keys, headers and timestamps all
 * travel in the chunk.
 */
final class ChunkingProcessor implements Processor<byte[], byte[], Void, PartitionedValue> {
    private static final Logger LOG = LoggerFactory.getLogger(ChunkingProcessor.class);

    private final ChunkingSettings settings;
    private final Supplier<ChunkEncoder> encoders;
    private final Supplier<? extends ChunkInterceptor> interceptors;
    private final String storeName;

    private ProcessorContext<Void, PartitionedValue> context;
    private ChunkEncoder encoder;
    private ChunkInterceptor interceptor;
    private ChunkWriter writer;
    private ChunkBuffer buffer;
    private int partition;
    private long firstBufferedAtMs;
    private Cancellable punctuation;

    ChunkingProcessor(ChunkingSettings settings, Supplier<ChunkEncoder> encoders, String storeName) {
        this(settings, encoders, () -> ChunkInterceptor.NONE, storeName);
    }

    /** @param interceptors one {@link ChunkInterceptor} per task (feedback, verification), called after each chunk is written */
    ChunkingProcessor(ChunkingSettings settings, Supplier<ChunkEncoder> encoders,
            Supplier<? extends ChunkInterceptor> interceptors, String storeName) {
        this.settings = settings;
        this.encoders = encoders;
        this.interceptors = interceptors;
        this.storeName = storeName;
    }

    @Override
    public void init(ProcessorContext<Void, PartitionedValue> context) {
        this.context = context;
        this.encoder = encoders.get();
        this.writer = new ChunkWriter(encoder);
        this.interceptor = interceptors.get();
        KeyValueStore<Long, ChunkRecord> store = context.getStateStore(storeName);
        this.buffer = new ChunkBuffer(store);
        this.partition = context.taskId().partition();
        // records restored from the changelog: their age is unknown, so their linger starts now
        this.firstBufferedAtMs = context.currentSystemTimeMs();
        if (!buffer.isEmpty()) {
            LOG.info("partition {}: resuming with {} buffered records ({} bytes)", partition, buffer.count(), buffer.bytes());
        }
        this.punctuation = context.schedule(settings.punctuationInterval(), PunctuationType.WALL_CLOCK_TIME, this::onWallClock);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        long offset = context.recordMetadata().map(RecordMetadata::offset).orElse(-1L);
        ChunkRecord r = new ChunkRecord(record.key(), record.value(), record.timestamp(), record.headers(), offset);
        int size = r.sizeInBytes();
        if (size >= settings.maxBytes()) {
            flush("oversize");
            emit(List.of(r), "oversize record");
            return;
        }
        if (!buffer.isEmpty() && buffer.bytes() + size > settings.maxBytes()) {
            flush("bytes");
        }
        if (buffer.isEmpty()) {
            firstBufferedAtMs = context.currentSystemTimeMs();
        }
        buffer.append(r);
        if (buffer.count() >= settings.maxRecords()) {
            flush("records");
        } else if (buffer.bytes() >= settings.maxBytes()) {
            flush("bytes");
        }
    }

    private void onWallClock(long nowMs) {
        if (!buffer.isEmpty() && nowMs - firstBufferedAtMs >= settings.linger().toMillis()) {
            flush("linger");
        }
    }

    private void flush(String reason) {
        if (!buffer.isEmpty()) {
            emit(buffer.drain(), reason);
        }
    }

    private void emit(List<ChunkRecord> records, String reason) {
        long started = System.nanoTime();
        ChunkWriter.Written w = writer.write(records);
        w = interceptor.intercept(new ChunkInterceptor.Chunk(partition, records, w, System.nanoTime() - started));
        long ts = Long.MIN_VALUE;
        for (ChunkRecord r : records) {
            ts = Math.max(ts, r.timestamp());
        }
        context.forward(new Record<Void, PartitionedValue>(null, new PartitionedValue(partition, w.envelope()), Math.max(ts, 0)));
        if (LOG.isDebugEnabled()) {
            LOG.debug("partition {}: chunk of {} records, {} -> {} bytes ({}, flushed on {})",
                    partition, records.size(), w.block().originalLength(), w.envelope().length, w.block().codec(), reason);
        }
    }

    @Override
    public void close() {
        if (punctuation != null) {
            punctuation.cancel();
        }
        if (interceptor != null) {
            interceptor.close();
        }
        if (encoder != null) {
            encoder.close();
        }
    }
}
