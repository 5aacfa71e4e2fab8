package io.tokenpress.loadtest.run;

import io.tokenpress.loadtest.measure.LogDirs;
import io.tokenpress.processor.broker.EmbeddedKafkaBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The processor's in-process single-node KRaft broker on a fresh temporary data directory, deleted on
 * close. Bytes on disk are the topic's {@code .log} segment files in that directory.
 */
public final class EmbeddedBroker implements BrokerTarget {
    private final EmbeddedKafkaBroker broker;
    private final Path dataDir;

    private EmbeddedBroker(EmbeddedKafkaBroker broker, Path dataDir) {
        this.broker = broker;
        this.dataDir = dataDir;
    }

    /** Starts a broker in a new temporary directory. */
    public static EmbeddedBroker start() {
        Path dir;
        try {
            dir = Files.createTempDirectory("tokenpress-loadtest-kafka");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a data directory for the embedded broker", e);
        }
        try {
            // no segment roll or cleanup during a run: every byte written stays measurable
            EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir, Map.of(
                    "log.retention.ms", "-1", "log.retention.bytes", "-1", "log.segment.bytes", Integer.toString(1 << 30)));
            return new EmbeddedBroker(broker, dir);
        } catch (RuntimeException | Error e) {
            deleteRecursively(dir);
            throw e;
        }
    }

    @Override
    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    @Override
    public long bytesOnDisk(String topic) {
        return LogDirs.topicSegmentBytes(List.of(dataDir), topic);
    }

    @Override
    public String describe() {
        return "in-process single-node KRaft broker (" + bootstrapServers() + "); bytes on disk = sizes of the topic's "
                + ".log segment files in its log directory " + dataDir;
    }

    @Override
    public boolean deleteTopicsAfterwards() {
        return false;
    }

    @Override
    public void close() {
        broker.close();
        deleteRecursively(dataDir);
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete " + dir + ": " + e.getMessage());
        }
    }
}
