package io.tokenpress.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ByteSizesTest {

    @Test
    void parsesPlainAndSuffixedCounts() {
        assertThat(ByteSizes.parse("4096")).isEqualTo(4096);
        assertThat(ByteSizes.parse("64K")).isEqualTo(65536);
        assertThat(ByteSizes.parse("64kb")).isEqualTo(65536);
        assertThat(ByteSizes.parse("2M")).isEqualTo(2L << 20);
        assertThat(ByteSizes.parse("1GiB")).isEqualTo(1L << 30);
    }

    @Test
    void rejectsNonsense() {
        for (String bad : List.of("", "K", "-1", "0", "4x", "99999999999999999999")) {
            assertThatThrownBy(() -> ByteSizes.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void formatsRoundNumbersWithUnits() {
        assertThat(ByteSizes.format(64)).isEqualTo("64");
        assertThat(ByteSizes.format(1024)).isEqualTo("1K");
        assertThat(ByteSizes.format(1000)).isEqualTo("1000");
        assertThat(ByteSizes.format(4L << 20)).isEqualTo("4M");
    }

    @Test
    void bucketsAssignEachLengthToOneBucket() {
        RecordBuckets b = RecordBuckets.standard();
        assertThat(b.labels()).containsExactly("<=64", "<=256", "<=1K", "<=4K", ">4K");
        assertThat(b.labelOf(1)).isEqualTo("<=64");
        assertThat(b.labelOf(64)).isEqualTo("<=64");
        assertThat(b.labelOf(65)).isEqualTo("<=256");
        assertThat(b.labelOf(4096)).isEqualTo("<=4K");
        assertThat(b.labelOf(4097)).isEqualTo(">4K");
        assertThatThrownBy(() -> new RecordBuckets(List.of(256L, 64L))).isInstanceOf(IllegalArgumentException.class);
    }
}
