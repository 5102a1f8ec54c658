package io.github.redishajunit.certification;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a rendering of the result to its file, creating the directories it needs. */
final class ReportFile {

    private ReportFile() {}

    /**
     * @throws UncheckedIOException naming {@code what} and the file when it cannot be written
     */
    static void write(Path file, String text, String what) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the " + what + " " + file + ": " + e.getMessage(), e);
        }
    }
}
