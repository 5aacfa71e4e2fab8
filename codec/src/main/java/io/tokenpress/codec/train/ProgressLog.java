package io.tokenpress.codec.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Appends time-stamped progress lines to a log file (if any) and to standard output. */
final class ProgressLog {
    private final Path file;

    ProgressLog(Path file) {
        this.file = file;
        if (file != null && file.getParent() != null) {
            try {
                Files.createDirectories(file.getParent());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create log directory for " + file, e);
            }
        }
    }

    synchronized void line(String fmt, Object... args) {
        String s = Instant.now().truncatedTo(ChronoUnit.SECONDS) + " " + String.format(java.util.Locale.ROOT, fmt, args);
        System.out.println(s);
        if (file != null) {
            try {
                Files.writeString(file, s + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write training log " + file, e);
            }
        }
    }
}
