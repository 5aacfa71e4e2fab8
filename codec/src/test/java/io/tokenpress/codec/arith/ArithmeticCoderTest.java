package io.tokenpress.codec.arith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenpress.codec.CorruptChunkException;
import java.util.Arrays;
import java.util.Random;
import java.util.function.IntFunction;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** Contract of the arithmetic coder: every symbol sequence round-trips under every valid table sequence. */
class ArithmeticCoderTest {

    /** Codes {@code symbols} with table {@code tables.apply(i)} at position i, decodes, and compares. */
    static byte[] roundTrip(int[] symbols, IntFunction<FrequencyTable> tables) {
        ArithmeticEncoder enc = new ArithmeticEncoder();
        for (int i = 0; i < symbols.length; i++) {
            FrequencyTable t = tables.apply(i);
            FrequencyTables.check(t);
            enc.write(t, symbols[i]);
        }
        byte[] coded = enc.finish();
        ArithmeticDecoder dec = new ArithmeticDecoder(coded);
        int[] back = new int[symbols.length];
        for (int i = 0; i < symbols.length; i++) {
            back[i] = dec.read(tables.apply(i));
        }
        assertThat(back).isEqualTo(symbols);
        // the int[] fast path decodes the same
        ArithmeticDecoder dec2 = new ArithmeticDecoder(coded);
        for (int i = 0; i < symbols.length; i++) {
            FrequencyTable t = tables.apply(i);
            int[] cum = new int[t.symbolCount() + 1];
            for (int s = 0; s < t.symbolCount(); s++) {
                cum[s + 1] = t.getHigh(s);
            }
            assertThat(dec2.read(cum)).isEqualTo(symbols[i]);
        }
        return coded;
    }

    static FrequencyTable uniform(int n) {
        int[] f = new int[n];
        Arrays.fill(f, 1);
        return CumulativeFrequencyTable.ofFrequencies(f);
    }

    @Test
    void emptyInput() {
        byte[] coded = roundTrip(new int[0], i -> uniform(256));
        assertThat(coded).hasSizeLessThanOrEqualTo(1);
    }

    @Test
    void oneByte() {
        for (int b = 0; b < 256; b += 51) {
            byte[] coded = roundTrip(new int[] {b}, i -> uniform(256));
            assertThat(coded.length).isBetween(1, 2);
        }
    }

    @Test
    void everyByteValue() {
        int[] s = new int[256];
        for (int i = 0; i < 256; i++) {
            s[i] = i;
        }
        byte[] coded = roundTrip(s, i -> uniform(256));
        assertThat(coded.length).isBetween(256, 258);
    }

    @Test
    void longRunUnderConfidentTableCostsAlmostNothing() {
        int[] f = new int[256];
        Arrays.fill(f, 1);
        f['a'] = (1 << 20) - 255;
        FrequencyTable t = CumulativeFrequencyTable.ofFrequencies(f);
        int[] s = new int[100_000];
        Arrays.fill(s, 'a');
        byte[] coded = roundTrip(s, i -> t);
        // ideal: 100000 * -log2((2^20-255)/2^20) ≈ 35 bits
        assertThat(coded.length).isLessThan(16);
    }

    @Test
    void extremeDistributionsRareSymbols() {
        // one symbol at maximum frequency; code the rare ones (each costs ~30 bits)
        int[] f = new int[3];
        f[0] = 1;
        f[1] = ArithmeticEncoder.MAX_TOTAL - 2;
        f[2] = 1;
        FrequencyTable t = CumulativeFrequencyTable.ofFrequencies(f);
        int[] s = {0, 2, 0, 2, 1, 1, 0, 0, 0, 2, 2, 2, 1};
        byte[] coded = roundTrip(s, i -> t);
        assertThat(coded.length).isLessThan(10 * 4 + 4);
    }

    @Test
    void twoSymbolAlphabetAndSingleSymbolAlphabet() {
        int[] s = new int[1000];
        roundTrip(s, i -> CumulativeFrequencyTable.ofFrequencies(new int[] {5}));
        Random r = new Random(1);
        for (int i = 0; i < s.length; i++) {
            s[i] = r.nextInt(2);
        }
        roundTrip(s, i -> CumulativeFrequencyTable.ofFrequencies(new int[] {1, 1}));
    }

    @Test
    void sizeIsCloseToTheEntropy() {
        Random r = new Random(3);
        int[] f = new int[256];
        for (int i = 0; i < 256; i++) {
            f[i] = 1 + r.nextInt(1000) * (i % 7 == 0 ? 50 : 1);
        }
        FrequencyTable t = CumulativeFrequencyTable.ofFrequencies(f);
        int n = 20_000;
        int[] s = new int[n];
        double bits = 0;
        for (int i = 0; i < n; i++) {
            int v = r.nextInt(t.getTotal());
            s[i] = t.symbolOf(v);
            bits -= Math.log((double) (t.getHigh(s[i]) - t.getLow(s[i])) / t.getTotal()) / Math.log(2);
        }
        byte[] coded = roundTrip(s, i -> t);
        assertThat(coded.length * 8.0).isBetween(bits, bits * 1.001 + 64);
    }

    @Property(tries = 200)
    void randomSymbolsUnderRandomTables(@ForAll("tableSeeds") long seed) {
        Random r = new Random(seed);
        int n = r.nextInt(2000);
        int alphabet = 1 + r.nextInt(300);
        FrequencyTable[] tables = new FrequencyTable[Math.max(1, n)];
        int[] s = new int[n];
        for (int i = 0; i < tables.length; i++) {
            int[] f = new int[alphabet];
            int maxEach = Math.max(1, (1 << (1 + r.nextInt(29))) / alphabet);
            for (int k = 0; k < alphabet; k++) {
                f[k] = 1 + r.nextInt(maxEach);
            }
            tables[i] = CumulativeFrequencyTable.ofFrequencies(f);
        }
        for (int i = 0; i < n; i++) {
            s[i] = r.nextInt(alphabet);
        }
        roundTrip(s, i -> tables[i]);
    }

    @Provide
    Arbitrary<Long> tableSeeds() {
        return Arbitraries.longs();
    }

    @Test
    void truncatedStreamIsDetectedOrDecodesWithinBounds() {
        Random r = new Random(5);
        int[] s = new int[5000];
        for (int i = 0; i < s.length; i++) {
            s[i] = r.nextInt(256);
        }
        ArithmeticEncoder enc = new ArithmeticEncoder();
        FrequencyTable t = uniform(256);
        for (int v : s) {
            enc.write(t, v);
        }
        byte[] coded = enc.finish();
        byte[] cut = Arrays.copyOf(coded, coded.length / 2);
        assertThatThrownBy(() -> {
            ArithmeticDecoder dec = new ArithmeticDecoder(cut);
            for (int i = 0; i < s.length; i++) {
                dec.read(t);
            }
        }).isInstanceOf(CorruptChunkException.class).hasMessageContaining("past the end");
    }

    @Test
    void invalidIntervalsAreRejected() {
        ArithmeticEncoder enc = new ArithmeticEncoder();
        assertThatThrownBy(() -> enc.encode(3, 3, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> enc.encode(0, 11, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> enc.encode(0, 1, ArithmeticEncoder.MAX_TOTAL + 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CumulativeFrequencyTable.ofFrequencies(new int[] {1, 0, 1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("symbol 1");
    }
}
