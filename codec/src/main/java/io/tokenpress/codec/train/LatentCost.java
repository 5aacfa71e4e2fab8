package io.tokenpress.codec.train;

/**
 * What a latent costs in the envelope, in bits, over the empty latent: the envelope stores latent
 * tokens as an Avro {@code array<int>}, i.e. a block count, zig-zag varints and a terminating zero
 * block. An empty array is a single zero byte either way, so the empty latent costs 0 extra bits.
 */
public final class LatentCost {
    private LatentCost() {}

    /** Extra envelope bits of latent {@code c} against the empty latent. */
    public static double bits(int[] c) {
        if (c.length == 0) {
            return 0;
        }
        int bytes = varintLength(c.length) + 1; // block count + the end-of-array zero (the empty array's zero byte is the baseline)
        for (int t : c) {
            bytes += varintLength(t);
        }
        return 8.0 * (bytes - 1);
    }

    /** Bytes of Avro's zig-zag varint encoding of a non-negative int. */
    static int varintLength(int v) {
        long z = ((long) v << 1) ^ (v >> 31);
        int n = 1;
        while ((z & ~0x7FL) != 0) {
            z >>>= 7;
            n++;
        }
        return n;
    }
}
