package io.github.redishajunit.certification;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reports carried through a log: emitted between the markers, unpacked to the same files. */
class ReportArchiveTest {

    @TempDir
    Path dir;

    @Test
    void theReportsComeBackFromTheLogAsTheyWere() throws Exception {
        Path reports = Files.createDirectories(dir.resolve("in/sub"));
        Files.writeString(dir.resolve("in/certification.json"), "{\"certified\": true}");
        Files.writeString(reports.resolve("TEST-x.xml"), "<testsuite/>".repeat(100));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        ReportArchive.emit(dir.resolve("in"), new PrintStream(log, true, StandardCharsets.UTF_8));

        List<String> lines = log.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines.get(0)).isEqualTo(ReportArchive.BEGIN);
        assertThat(lines.get(lines.size() - 1)).isEqualTo(ReportArchive.END);
        List<Path> written = ReportArchive.unpack(lines.subList(1, lines.size() - 1), dir.resolve("out"));

        assertThat(written).hasSize(2);
        assertThat(dir.resolve("out/certification.json")).hasContent("{\"certified\": true}");
        assertThat(dir.resolve("out/sub/TEST-x.xml")).hasContent("<testsuite/>".repeat(100));
    }
}
