package io.tokenpress.loadtest.measure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Bytes a topic occupies in a broker's log directories: the sizes of its partitions' log segment
 * files ({@code <logdir>/<topic>-<partition>/*.log}), as on disk. Index files are left out: the broker
 * preallocates them (sparse, 10 MB by default), so their sizes say nothing about the data.
 */
public final class LogDirs {
    private LogDirs() {}

    /**
     * @param logDirs the broker's {@code log.dirs}
     * @param topic topic name
     * @return total bytes of the topic's {@code .log} segment files; 0 when it has none
     * @throws UncheckedIOException if a directory cannot be listed
     */
    public static long topicSegmentBytes(Iterable<Path> logDirs, String topic) {
        Pattern partitionDir = Pattern.compile(Pattern.quote(topic) + "-\\d+");
        long total = 0;
        for (Path dir : logDirs) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> partitions = Files.list(dir)) {
                for (Path p : (Iterable<Path>) partitions::iterator) {
                    if (Files.isDirectory(p) && partitionDir.matcher(p.getFileName().toString()).matches()) {
                        total += segmentBytes(p);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list log directory " + dir, e);
            }
        }
        return total;
    }

    private static long segmentBytes(Path partition) throws IOException {
        long total = 0;
        try (Stream<Path> files = Files.list(partition)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (f.getFileName().toString().endsWith(".log") && Files.isRegularFile(f)) {
                    total += Files.size(f);
                }
            }
        }
        return total;
    }
}
