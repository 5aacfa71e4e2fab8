package io.tokenpress.codec.neural;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The parts of line contexts (codec/MODEL.md, "Line contexts"): lines, columns, and match recovery. */
class LineContextsTest {
    @Test
    void linesKnowTheColumnAndTheBytesAbove() {
        byte[] b = "ab\nxyz\n12".getBytes(StandardCharsets.US_ASCII);
        Lines lines = new Lines();
        // before any newline: no line above
        lines.update(b, 0);
        assertThat(lines.column(1)).isEqualTo(1);
        assertThat(lines.above(b, 1, 0)).isZero();
        lines.update(b, 1);
        lines.update(b, 2);
        // position 3 ('x') is below 'a', position 4 below 'b', position 5 past the end of "ab"
        assertThat(lines.column(3)).isZero();
        assertThat(lines.above(b, 3, 0)).isEqualTo('a' + 1);
        assertThat(lines.above(b, 3, 1)).isEqualTo('b' + 1);
        assertThat(lines.above(b, 4, 1)).isZero();
        assertThat(lines.above(b, 5, 0)).isZero();
        for (int t = 3; t < 7; t++) {
            lines.update(b, t);
        }
        assertThat(lines.column(8)).isEqualTo(1);
        assertThat(lines.above(b, 8, 0)).isEqualTo('y' + 1);
        assertThat(lines.above(b, 8, 1)).isEqualTo('z' + 1);
    }

    /** The byte each position is predicted (-1: none), and the bucket of the prediction. */
    private static int[][] predictions(byte[] data, boolean recover) {
        MatchFinder finder = new MatchFinder(data.length, recover);
        int[][] out = new int[2][data.length];
        for (int t = 0; t < data.length; t++) {
            out[0][t] = finder.predicting() ? finder.predicted() : -1;
            out[1][t] = finder.predicting() ? finder.bucket() : -1;
            finder.update(data, t);
        }
        return out;
    }

    @Test
    void aLongMatchThatFailsRecoversOnTheSameAlignment() {
        String first = "2016-12-19 20:39:56,912 INFO segment\n";
        String second = "2016-12-19 20:39:56,948 INFO segment\n";
        byte[] data = (first + second).getBytes(StandardCharsets.US_ASCII);
        int miss = first.length() + first.indexOf("912") + 1;
        int[][] with = predictions(data, true);
        int[][] without = predictions(data, false);
        // both predict the first line's '1' where the second has '4'
        assertThat(with[0][miss]).isEqualTo('1');
        assertThat(without[0][miss]).isEqualTo('1');
        // then: recovering, '2' where the second has '8' (one failure, no byte right yet), then ' ' (two failures)
        assertThat(with[0][miss + 1]).isEqualTo('2');
        assertThat(with[1][miss + 1]).isEqualTo(MatchMixer.LENGTH_BUCKETS);
        assertThat(with[0][miss + 2]).isEqualTo(' ');
        assertThat(with[1][miss + 2]).isEqualTo(MatchMixer.LENGTH_BUCKETS + 1);
        // three bytes right in a row make it a match again
        assertThat(with[0][miss + 3]).isEqualTo('I');
        assertThat(with[1][miss + 3]).isEqualTo(MatchMixer.LENGTH_BUCKETS + 3);
        assertThat(with[1][miss + 5]).isEqualTo(MatchMixer.lengthBucket(MatchFinder.MIN_MATCH));
        // without recovery nothing is predicted until three bytes after the failure are found again
        assertThat(without[0][miss + 1]).isEqualTo(-1);
        assertThat(without[0][miss + 2]).isEqualTo(-1);
        assertThat(without[0][miss + 3]).isEqualTo(-1);
    }

    @Test
    void aShortMatchDoesNotRecoverAndRecoveryGivesUpAfterItsFailures() {
        byte[] shortMatch = "abcXabdY".getBytes(StandardCharsets.US_ASCII);
        int[][] p = predictions(shortMatch, true);
        // "ab" is found again after "abc"... but a 3-byte match is too short to recover: nothing after its failure
        assertThat(p[0][7]).isEqualTo(-1);
        byte[] noise = new byte[80];
        String line = "0123456789abcdef\n";
        System.arraycopy(line.getBytes(StandardCharsets.US_ASCII), 0, noise, 0, line.length());
        System.arraycopy("0123456789".getBytes(StandardCharsets.US_ASCII), 0, noise, line.length(), 10);
        java.util.Random rnd = new java.util.Random(3);
        for (int i = line.length() + 10; i < noise.length; i++) {
            noise[i] = (byte) ('A' + rnd.nextInt(20));
        }
        int[][] q = predictions(noise, true);
        int start = line.length() + 10;
        assertThat(q[0][start]).isEqualTo('a');
        // predicts along the first line while it fails, at most MAX_MISSES times
        int predicted = 0;
        for (int t = start + 1; t < noise.length && q[0][t] >= 0; t++) {
            predicted++;
        }
        assertThat(predicted).isBetween(MatchFinder.MAX_MISSES - 1, MatchFinder.MAX_MISSES);
    }
}
