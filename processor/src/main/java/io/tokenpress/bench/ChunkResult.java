package io.tokenpress.bench;

/**
 * One codec at one chunk size.
 *
 * @param codec the codec's name
 * @param chunkSize the chunk size in bytes (the last chunk may be shorter)
 * @param measurement sizes, times and the round-trip check
 */
public record ChunkResult(String codec, int chunkSize, Measurement measurement) {}
