package io.github.redishajunit.certification;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * The reports directory carried through a pod's log: the in-cluster run prints it, zipped and in base64, between two
 * marker lines after its report ({@code --emit-reports}); {@code certify --in-cluster} takes it out of the log it
 * streams and unpacks it into {@code --reports}. The log is the one thing a finished pod still gives.
 */
final class ReportArchive {

    static final String BEGIN = "--- redis-ha-junit reports (zip, base64) ---";
    static final String END = "--- end of redis-ha-junit reports ---";
    private static final int LINE = 76;

    private ReportArchive() {}

    /** Prints every regular file under {@code dir} (paths relative to it) as the marked block. */
    static void emit(Path dir, PrintStream out) {
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(zipped); Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                zip.putNextEntry(new ZipEntry(dir.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, zip);
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot pack the reports in " + dir + ": " + e.getMessage(), e);
        }
        String encoded = Base64.getEncoder().encodeToString(zipped.toByteArray());
        out.println(BEGIN);
        for (int i = 0; i < encoded.length(); i += LINE) {
            out.println(encoded.substring(i, Math.min(encoded.length(), i + LINE)));
        }
        out.println(END);
        out.flush();
    }

    /**
     * Unpacks the block's lines (those between the markers) into {@code dir}; returns the files written.
     *
     * @throws UncheckedIOException when an entry would land outside {@code dir} or cannot be written
     */
    static List<Path> unpack(List<String> lines, Path dir) {
        byte[] zipped = Base64.getMimeDecoder().decode(String.join("", lines));
        List<Path> written = new java.util.ArrayList<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(zipped))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                Path target = dir.resolve(entry.getName()).normalize();
                if (!target.startsWith(dir.normalize())) {
                    throw new IOException("the entry " + entry.getName() + " would land outside " + dir);
                }
                Files.createDirectories(target.getParent());
                Files.copy(zip, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                written.add(target);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack the in-cluster run's reports into " + dir + ": "
                    + e.getMessage(), e);
        }
        return written;
    }
}
