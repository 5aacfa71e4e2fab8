package io.tokenpress.processor.replay;

import io.tokenpress.codec.TokenpressException;
import io.tokenpress.processor.chunk.ChunkReader;
import io.tokenpress.processor.kafka.PartitionedValue;
import io.tokenpress.serdes.ChunkRecord;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Unpacks each chunk of the compressed topic into its original records (key, value, timestamp, headers)
 * and forwards them, in order, bound for the chunk's partition number. An undecodable chunk goes by
 * the {@link CorruptChunkPolicy}.
 */
final class ReplayProcessor implements Processor<byte[], byte[], byte[], PartitionedValue> {
    private static final Logger LOG = LoggerFactory.getLogger(ReplayProcessor.class);

    /** Headers a dead-lettered chunk carries. */
    static final String H_TOPIC = "tokenpress.source.topic";
    static final String H_PARTITION = "tokenpress.source.partition";
    static final String H_OFFSET = "tokenpress.source.offset";
    static final String H_ERROR = "tokenpress.error";

    private final Supplier<ChunkReader> readers;
    private final CorruptChunkPolicy policy;

    private ProcessorContext<byte[], PartitionedValue> context;
    private ChunkReader reader;

    ReplayProcessor(Supplier<ChunkReader> readers, CorruptChunkPolicy policy) {
        this.readers = readers;
        this.policy = policy;
    }

    @Override
    public void init(ProcessorContext<byte[], PartitionedValue> context) {
        this.context = context;
        this.reader = readers.get();
    }

    @Override
    public void process(Record<byte[], byte[]> chunk) {
        RecordMetadata where = context.recordMetadata().orElseThrow();
        ChunkReader.Unpacked unpacked;
        try {
            if (chunk.value() == null) {
                throw new io.tokenpress.codec.CorruptChunkException("chunk record has a null value");
            }
            unpacked = reader.read(chunk.value());
        } catch (TokenpressException e) {
            onUndecodable(chunk, where, e);
            return;
        }
        int partition = where.partition();
        for (ChunkRecord r : unpacked.records()) {
            context.forward(new Record<>(r.key(), new PartitionedValue(partition, r.value()), r.timestamp(), r.headers()),
                    ReplayTopology.SINK);
        }
    }

    private void onUndecodable(Record<byte[], byte[]> chunk, RecordMetadata where, TokenpressException cause) {
        if (policy == CorruptChunkPolicy.FAIL) {
            LOG.error("undecodable chunk at topic {} partition {} offset {}: {}; stopping (replay.on.corrupt=fail)",
                    where.topic(), where.partition(), where.offset(), cause.getMessage());
            throw new UndecodableChunkException(where.topic(), where.partition(), where.offset(), cause);
        }
        LOG.warn("undecodable chunk at topic {} partition {} offset {}: {}; sent to the dead-letter topic",
                where.topic(), where.partition(), where.offset(), cause.getMessage());
        RecordHeaders h = new RecordHeaders(chunk.headers().toArray());
        h.add(H_TOPIC, where.topic().getBytes(StandardCharsets.UTF_8));
        h.add(H_PARTITION, Integer.toString(where.partition()).getBytes(StandardCharsets.UTF_8));
        h.add(H_OFFSET, Long.toString(where.offset()).getBytes(StandardCharsets.UTF_8));
        h.add(H_ERROR, String.valueOf(cause.getMessage()).getBytes(StandardCharsets.UTF_8));
        context.forward(new Record<>(chunk.key(), new PartitionedValue(where.partition(), chunk.value()), chunk.timestamp(), h),
                ReplayTopology.DEAD_LETTER_SINK);
    }

    /** Closes this task's reader and with it its decoder (which may hold a model-topic consumer). */
    @Override
    public void close() {
        if (reader != null) {
            reader.close();
            reader = null;
        }
    }
}
