package io.tokenpress.codec.neural;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** The integer kernels' shortcuts equal the exact operations of codec/MODEL.md. */
class IntKernelsTest {

    @Property(tries = 20000)
    void floorDivisionByAnInverseIsExact(@ForAll @LongRange(min = 1, max = 1L << 40) long b,
            @ForAll @LongRange(min = 0, max = (1L << 31) - 1) long quotient, @ForAll @IntRange(min = -2, max = 2) int nudge) {
        // near multiples of b, where a truncated product is most likely to be off by one
        long a = Math.max(0, Math.min((1L << 52) - 1, quotient * b + nudge));
        if (a / b >= 1L << 31) {
            return;
        }
        assertThat(IntKernels.floorDivByInverse(a, b, 1.0 / b)).isEqualTo(Math.floorDiv(a, b));
    }

    @Property(tries = 20000)
    void floorDivisionByAnInverseIsExactForSoftmaxOperands(@ForAll @IntRange(min = 0, max = 1 << 20) int e,
            @ForAll @LongRange(min = 1 << 20, max = 1L << 34) long sum) {
        long a = (long) e * (1 << 16);
        assertThat(IntKernels.floorDivByInverse(a, sum, 1.0 / sum)).isEqualTo(a / sum).isEqualTo(IntKernels.floorDivSmall(a, sum));
    }

    @Example
    void exactQuotientsAndTheirNeighbours() {
        for (long b : new long[] {1, 3, 7, (1 << 20) + 1, (1L << 30) - 1, 1_000_003L * 1_009}) {
            for (long q : new long[] {0, 1, 65535, 65536, (1L << 31) - 1}) {
                for (long a = q * b - 1; a <= q * b + 1; a++) {
                    if (a >= 0 && a < 1L << 52 && a / b < 1L << 31) {
                        assertThat(IntKernels.floorDivByInverse(a, b, 1.0 / b)).as("%d / %d", a, b).isEqualTo(a / b);
                    }
                }
            }
        }
    }
}
