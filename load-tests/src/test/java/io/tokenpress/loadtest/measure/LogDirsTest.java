package io.tokenpress.loadtest.measure;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogDirsTest {

    @Test
    void countsOnlyTheTopicsLogSegments(@TempDir Path dir) throws Exception {
        write(dir.resolve("plain-0/00000000000000000000.log"), 100);
        write(dir.resolve("plain-0/00000000000000000042.log"), 50);
        write(dir.resolve("plain-0/00000000000000000000.index"), 10_000);
        write(dir.resolve("plain-1/00000000000000000000.log"), 7);
        write(dir.resolve("plain-x-0/00000000000000000000.log"), 1000);
        write(dir.resolve("plainer-0/00000000000000000000.log"), 1000);
        write(dir.resolve("plain-2.abc-delete/00000000000000000000.log"), 1000);

        assertThat(LogDirs.topicSegmentBytes(List.of(dir, dir.resolve("missing")), "plain")).isEqualTo(157);
        assertThat(LogDirs.topicSegmentBytes(List.of(dir), "plain-x")).isEqualTo(1000);
        assertThat(LogDirs.topicSegmentBytes(List.of(dir), "absent")).isZero();
    }

    private static void write(Path file, int bytes) throws Exception {
        Files.createDirectories(file.getParent());
        Files.write(file, new byte[bytes]);
    }
}
