package io.github.redishajunit.certification;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * The reports directory carried through a pod's log: the in-cluster run prints it, zipped and in base64, after its
 * report ({@code --emit-reports}); {@code certify --in-cluster} takes it out of the log it streams and unpacks it into
 * {@code --reports}. The log is the one thing a finished pod still gives.
 *
 * <p>A container's log merges its stdout and stderr line by line in the order the runtime reads the two pipes, not
 * the order the program wrote them, so a line of stderr can land inside the block. Each line of the block therefore
 * carries {@link #PREFIX}, and the closing line the archive's size and CRC-32, checked before anything is unpacked.
 */
final class ReportArchive {

    static final String BEGIN = "--- redis-ha-junit reports (zip, base64) ---";
    static final String PREFIX = "rha-reports ";
    private static final String END = "--- end of redis-ha-junit reports (%d bytes, crc32 %08x) ---";
    private static final Pattern END_LINE =
            Pattern.compile("--- end of redis-ha-junit reports \\((\\d+) bytes, crc32 ([0-9a-f]{8})\\) ---");
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
        byte[] bytes = zipped.toByteArray();
        String encoded = Base64.getEncoder().encodeToString(bytes);
        out.println(BEGIN);
        for (int i = 0; i < encoded.length(); i += LINE) {
            out.println(PREFIX + encoded.substring(i, Math.min(encoded.length(), i + LINE)));
        }
        out.println(END.formatted(bytes.length, crc(bytes)));
        out.flush();
    }

    /** Whether a log line belongs to the block (its markers or one of its lines), not to the run's own output. */
    static boolean belongs(String line) {
        return line.startsWith(PREFIX) || line.equals(BEGIN) || END_LINE.matcher(line).matches();
    }

    /**
     * Unpacks the block out of the log lines that {@link #belongs belong} to it into {@code dir}; returns the files
     * written, or nothing when the log carried no block.
     *
     * @throws UncheckedIOException when the block is cut short or damaged, an entry would land outside {@code dir},
     *     or a file cannot be written
     */
    static Optional<List<Path>> unpack(List<String> lines, Path dir) {
        StringBuilder encoded = new StringBuilder();
        Matcher end = null;
        for (String line : lines) {
            if (line.startsWith(PREFIX)) {
                encoded.append(line, PREFIX.length(), line.length());
            } else if (END_LINE.matcher(line).matches()) {
                end = END_LINE.matcher(line);
                end.matches();
            }
        }
        if (encoded.isEmpty() && end == null) {
            return Optional.empty();
        }
        if (end == null) {
            throw damaged("the reports' block in the log has no closing line (the run was cut off while printing it,"
                    + " after " + encoded.length() + " characters)");
        }
        byte[] zipped;
        try {
            zipped = Base64.getDecoder().decode(encoded.toString());
        } catch (IllegalArgumentException e) {
            throw damaged("the reports' block in the log is damaged: " + e.getMessage());
        }
        long size = Long.parseLong(end.group(1));
        long crc = Long.parseLong(end.group(2), 16);
        if (zipped.length != size || crc(zipped) != crc) {
            throw damaged("the reports' block in the log is damaged: expected %d bytes with crc32 %08x, got %d bytes"
                    .formatted(size, crc, zipped.length) + " with crc32 %08x".formatted(crc(zipped)));
        }
        List<Path> written = new ArrayList<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(zipped))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                Path target = dir.resolve(entry.getName()).normalize();
                if (!target.startsWith(dir.normalize())) {
                    throw new IOException("the entry " + entry.getName() + " would land outside " + dir);
                }
                Files.createDirectories(target.getParent());
                Files.copy(zip, target, StandardCopyOption.REPLACE_EXISTING);
                written.add(target);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack the in-cluster run's reports into " + dir + ": "
                    + e.getMessage(), e);
        }
        return Optional.of(written);
    }

    private static UncheckedIOException damaged(String message) {
        return new UncheckedIOException(message, new IOException(message));
    }

    private static long crc(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return crc.getValue();
    }
}
