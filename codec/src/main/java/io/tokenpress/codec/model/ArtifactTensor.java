package io.tokenpress.codec.model;

import java.util.Arrays;

/**
 * One tensor of a model artifact: integer tensors (int8, int16, int32) hold their values in {@link #ints},
 * float32 tensors in {@link #floats}; row-major.
 *
 * @param name tensor name (codec/MODEL.md)
 * @param dtype storage type in the artifact
 * @param shape dimensions
 * @param ints values of an integer tensor, else null
 * @param floats values of a float tensor, else null
 */
public record ArtifactTensor(String name, DType dtype, int[] shape, int[] ints, float[] floats) {

    /** Storage types, with their codes in the artifact. */
    public enum DType {
        INT8(1, 1, -128, 127),
        INT16(2, 2, -32768, 32767),
        INT32(3, 4, Integer.MIN_VALUE, Integer.MAX_VALUE),
        FLOAT32(4, 4, 0, 0);

        final int code;
        final int bytes;
        final long min;
        final long max;

        DType(int code, int bytes, long min, long max) {
            this.code = code;
            this.bytes = bytes;
            this.min = min;
            this.max = max;
        }

        static DType ofCode(int code) {
            for (DType t : values()) {
                if (t.code == code) {
                    return t;
                }
            }
            throw new CorruptModelException("unknown tensor dtype code " + code);
        }
    }

    public ArtifactTensor {
        long n = size(shape);
        if (dtype == DType.FLOAT32) {
            if (floats == null || floats.length != n || ints != null) {
                throw new IllegalArgumentException(name + ": float tensor needs " + n + " floats");
            }
        } else {
            if (ints == null || ints.length != n || floats != null) {
                throw new IllegalArgumentException(name + ": integer tensor needs " + n + " ints");
            }
            for (int v : ints) {
                if (v < dtype.min || v > dtype.max) {
                    throw new IllegalArgumentException(name + ": value " + v + " out of " + dtype + " range");
                }
            }
        }
    }

    /** An integer tensor. */
    public static ArtifactTensor ofInts(String name, DType dtype, int[] shape, int[] values) {
        return new ArtifactTensor(name, dtype, shape, values, null);
    }

    /** A float32 tensor. */
    public static ArtifactTensor ofFloats(String name, int[] shape, float[] values) {
        return new ArtifactTensor(name, DType.FLOAT32, shape, null, values);
    }

    static long size(int[] shape) {
        long n = 1;
        for (int s : shape) {
            if (s < 0) {
                throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
            }
            n *= s;
        }
        return n;
    }

    @Override
    public String toString() {
        return name + " " + dtype + Arrays.toString(shape);
    }
}
