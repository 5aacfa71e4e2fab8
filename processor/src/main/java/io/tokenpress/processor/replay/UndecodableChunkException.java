package io.tokenpress.processor.replay;

import io.tokenpress.codec.TokenpressException;

/** Replay met a chunk it cannot decode and the policy is {@link CorruptChunkPolicy#FAIL}. */
public class UndecodableChunkException extends TokenpressException {
    private static final long serialVersionUID = 1L;

    private final String topic;
    private final int partition;
    private final long offset;

    public UndecodableChunkException(String topic, int partition, long offset, Throwable cause) {
        super("cannot decode the chunk at " + topic + "-" + partition + " offset " + offset + ": " + cause.getMessage()
                + " (set replay.on.corrupt=dead-letter to route such chunks to a dead-letter topic instead)", cause);
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
    }

    public String topic() {
        return topic;
    }

    public int partition() {
        return partition;
    }

    public long offset() {
        return offset;
    }
}
