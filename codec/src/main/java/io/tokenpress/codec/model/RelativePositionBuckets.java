package io.tokenpress.codec.model;

/**
 * T5's bucketed relative positions, computed with {@link StrictMath} so that every JVM gets the same
 * table. Training and both inference backends take their bucket indices from here.
 */
public final class RelativePositionBuckets {
    private RelativePositionBuckets() {}

    /**
     * Bucket of a key at relative position {@code rel = key - query}.
     *
     * @param bidirectional true for the encoder (keys on both sides), false for the causal decoder
     *     (only {@code rel <= 0} occurs)
     */
    public static int bucket(int rel, boolean bidirectional, int numBuckets, int maxDistance) {
        int ret = 0;
        int n = -rel;
        if (bidirectional) {
            numBuckets /= 2;
            if (n < 0) {
                ret += numBuckets;
                n = -n;
            }
        } else {
            n = Math.max(n, 0);
        }
        int maxExact = numBuckets / 2;
        if (n < maxExact) {
            return ret + n;
        }
        double v = StrictMath.log((double) n / maxExact) / StrictMath.log((double) maxDistance / maxExact)
                * (numBuckets - maxExact);
        int large = maxExact + (int) v;
        return ret + Math.min(large, numBuckets - 1);
    }

    /** Bucket for every distance {@code 0..length-1} of a causal decoder (index = query - key). */
    public static int[] causalTable(int length, int numBuckets, int maxDistance) {
        int[] t = new int[length];
        for (int d = 0; d < length; d++) {
            t[d] = bucket(-d, false, numBuckets, maxDistance);
        }
        return t;
    }
}
