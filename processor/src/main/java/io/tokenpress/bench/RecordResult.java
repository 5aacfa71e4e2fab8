package io.tokenpress.bench;

/**
 * One codec on the records of one length bucket, each record compressed on its own.
 *
 * @param codec the codec's name
 * @param bucket the bucket's label, e.g. {@code <=256}, or {@link RecordBuckets#ALL}
 * @param measurement sizes, times and the round-trip check
 */
public record RecordResult(String codec, String bucket, Measurement measurement) {}
