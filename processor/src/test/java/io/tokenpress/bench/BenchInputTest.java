package io.tokenpress.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchInputTest {

    @Test
    void readsAtMostMaxBytes(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("in.txt"), new byte[10_000]);
        assertThat(BenchInput.read(file, 4096)).hasSize(4096);
        assertThat(BenchInput.read(file, 1 << 20)).hasSize(10_000);
    }

    @Test
    void missingAndEmptyFilesAreClearErrors(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> BenchInput.read(dir.resolve("nope"), 100))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no such file");
        Path empty = Files.write(dir.resolve("empty"), new byte[0]);
        assertThatThrownBy(() -> BenchInput.read(empty, 100))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
    }

    @Test
    void chunksCoverTheDataInOrder() {
        byte[] data = SampleData.text(10_000, 1);
        List<byte[]> chunks = BenchInput.chunks(data, 4096);
        assertThat(chunks).extracting(c -> c.length).containsExactly(4096, 4096, 1808);
        byte[] joined = new byte[data.length];
        int off = 0;
        for (byte[] c : chunks) {
            System.arraycopy(c, 0, joined, off, c.length);
            off += c.length;
        }
        assertThat(joined).isEqualTo(data);
        assertThat(BenchInput.chunks(new byte[0], 10)).isEmpty();
        assertThatThrownBy(() -> BenchInput.chunks(data, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void linesDropTerminatorsAndBlankLines() {
        byte[] data = "a\r\nbb\n\nccc\n\r\nd".getBytes(StandardCharsets.UTF_8);
        assertThat(BenchInput.lines(data)).extracting(b -> new String(b, StandardCharsets.UTF_8))
                .containsExactly("a", "bb", "ccc", "d");
    }

    @Test
    void halvesSplitAtTheMiddle() {
        byte[] data = {1, 2, 3, 4, 5};
        assertThat(BenchInput.firstHalf(data)).containsExactly(1, 2);
        assertThat(BenchInput.secondHalf(data)).containsExactly(3, 4, 5);
    }
}
