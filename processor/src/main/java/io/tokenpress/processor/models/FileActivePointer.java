package io.tokenpress.processor.models;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The active-model pointer as a file {@value #FILE_NAME} in the local model directory, holding the hex id.
 * Written atomically (temporary file, then rename), so a reader sees the old or the new id, never a part.
 */
public final class FileActivePointer implements ActiveModelPointer {
    /** Name of the pointer file inside the model directory. */
    public static final String FILE_NAME = "ACTIVE";

    private final Path file;

    public FileActivePointer(Path modelDirectory) {
        this.file = modelDirectory.resolve(FILE_NAME);
    }

    @Override
    public Optional<String> activeId() {
        try {
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            String id = Files.readString(file, StandardCharsets.UTF_8).trim();
            return id.isEmpty() ? Optional.empty() : Optional.of(id);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the active-model pointer " + file, e);
        }
    }

    @Override
    public void promote(String modelId) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), ".active-", ".tmp");
            Files.writeString(tmp, modelId + "\n", StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the active-model pointer " + file, e);
        }
    }

    @Override
    public String describe() {
        return "file " + file.toAbsolutePath();
    }
}
