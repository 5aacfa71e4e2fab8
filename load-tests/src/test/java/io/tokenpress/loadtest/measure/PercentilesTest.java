package io.tokenpress.loadtest.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class PercentilesTest {

    @Test
    void nearestRankOnOneToHundred() {
        Percentiles p = Percentiles.of(LongStream.rangeClosed(1, 100).toArray());
        assertThat(p.percentile(50)).isEqualTo(50);
        assertThat(p.percentile(95)).isEqualTo(95);
        assertThat(p.percentile(99)).isEqualTo(99);
        assertThat(p.percentile(99.5)).isEqualTo(100);
        assertThat(p.min()).isEqualTo(1);
        assertThat(p.max()).isEqualTo(100);
        assertThat(p.mean()).isEqualTo(50.5);
    }

    @Test
    void smallSamplesUseTheNearestRankAbove() {
        // n = 5: p50 rank ceil(2.5) = 3, p95 rank ceil(4.75) = 5, p20 rank 1
        Percentiles p = Percentiles.of(new long[] {50, 10, 40, 20, 30});
        assertThat(p.percentile(50)).isEqualTo(30);
        assertThat(p.percentile(95)).isEqualTo(50);
        assertThat(p.percentile(20)).isEqualTo(10);
        assertThat(p.percentile(21)).isEqualTo(20);
        assertThat(Percentiles.of(new long[] {7}).percentile(99)).isEqualTo(7);
    }

    @Test
    void agreesWithSortingForRandomData() {
        Random random = new Random(42);
        long[] values = random.longs(1001, 0, 1_000_000).toArray();
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        Percentiles p = Percentiles.of(values);
        for (double q = 0.5; q <= 100; q += 0.5) {
            int rank = (int) Math.ceil(q / 100 * values.length);
            assertThat(p.percentile(q)).as("p%s", q).isEqualTo(sorted[rank - 1]);
        }
    }

    @Test
    void usesOnlyTheCountedPrefixAndDoesNotSortTheCallersArray() {
        long[] values = {9, 1, 5, 1000, 1000};
        Percentiles p = Percentiles.of(values, 3);
        assertThat(p.count()).isEqualTo(3);
        assertThat(p.max()).isEqualTo(9);
        assertThat(values).containsExactly(9, 1, 5, 1000, 1000);
    }

    @Test
    void cdfRisesFromMinToMaxAndEndsAtOne() {
        Percentiles p = Percentiles.of(LongStream.rangeClosed(1, 1000).toArray());
        double[][] cdf = p.cdf(11);
        assertThat(cdf).hasNumberOfRows(11);
        assertThat(cdf[0]).containsExactly(1, 0);
        assertThat(cdf[10]).containsExactly(1000, 1);
        for (int i = 1; i < cdf.length; i++) {
            assertThat(cdf[i][0]).isGreaterThanOrEqualTo(cdf[i - 1][0]);
        }
    }

    @Test
    void rejectsBadArguments() {
        assertThatThrownBy(() -> Percentiles.of(new long[0]).percentile(50)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Percentiles.of(new long[] {1}).percentile(101)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Percentiles.of(new long[] {1}).percentile(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Percentiles.of(new long[] {1}, 2)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void recorderKeepsUpToItsCapacityAndCountsTheRest() {
        LatencyRecorder r = new LatencyRecorder(3);
        r.record(30);
        r.record(-5);
        r.record(10);
        r.record(99);
        assertThat(r.count()).isEqualTo(3);
        assertThat(r.dropped()).isEqualTo(1);
        assertThat(r.percentiles().min()).isZero();
        assertThat(r.percentiles().max()).isEqualTo(30);
    }
}
