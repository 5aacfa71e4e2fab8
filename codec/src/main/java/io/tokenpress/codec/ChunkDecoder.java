package io.tokenpress.codec;

/**
 * Decodes any {@link CodedBlock} back to the original bytes, whichever codec wrote it, and verifies
 * the declared length and CRC32C.
 */
public interface ChunkDecoder extends AutoCloseable {

    /**
     * @return the original bytes, exactly
     * @throws CorruptChunkException if the block cannot be decoded exactly (corrupt payload, length or
     *     CRC mismatch)
     * @throws ModelNotFoundException if the block names a model no configured store holds
     */
    byte[] decode(CodedBlock block);

    @Override
    default void close() {}
}
