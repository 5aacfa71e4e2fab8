package io.tokenpress.serdes.internals;

import org.apache.kafka.common.errors.SerializationException;

/** Turns tokenpress failures into Kafka's {@link SerializationException} with a message naming the cause. */
public final class SerdeErrors {
    private SerdeErrors() {}

    /** A failure to read a record of {@code topic}. */
    public static SerializationException readFailure(String topic, RuntimeException cause) {
        return new SerializationException("tokenpress cannot read a record of topic '" + topic + "': "
                + cause.getMessage(), cause);
    }

    /** A failure to write a record to {@code topic}. */
    public static SerializationException writeFailure(String topic, RuntimeException cause) {
        return new SerializationException("tokenpress cannot write a record to topic '" + topic + "': "
                + cause.getMessage(), cause);
    }
}
