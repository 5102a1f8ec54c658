package io.github.redishajunit.certification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reports carried through a log: emitted as a marked block, unpacked to the same files even with the run's
 * stderr lines merged into it (as a container log does), refused with the sizes when damaged.
 */
class ReportArchiveTest {

    @TempDir
    Path dir;

    private List<String> log;

    @BeforeEach
    void emitted() throws Exception {
        Path reports = Files.createDirectories(dir.resolve("in/sub"));
        Files.writeString(dir.resolve("in/certification.json"), "{\"certified\": true}");
        Files.writeString(reports.resolve("TEST-x.xml"), "<testsuite/>".repeat(100) + "\u00e9\u00e8".repeat(500));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ReportArchive.emit(dir.resolve("in"), new PrintStream(out, true, StandardCharsets.UTF_8));
        log = out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void theReportsComeBackFromTheLogAsTheyWere() {
        assertThat(log.get(0)).isEqualTo(ReportArchive.BEGIN);
        assertThat(log).allMatch(ReportArchive::belongs);

        List<Path> written = ReportArchive.unpack(log, dir.resolve("out")).orElseThrow();

        assertThat(written).hasSize(2);
        assertThat(dir.resolve("out/certification.json")).hasContent("{\"certified\": true}");
        assertThat(dir.resolve("out/sub/TEST-x.xml")).hasContent("<testsuite/>".repeat(100) + "\u00e9\u00e8".repeat(500));
    }

    @Test
    void stderrLinesMergedIntoTheBlockAreNotPartOfIt() {
        List<String> merged = new ArrayList<>(log);
        merged.add(3, "certify: the Kubernetes API refused to read the log of pod redis-master-0");
        merged.add(5, "Exception in thread \"lettuce-eventExecutorLoop-1-2\" AbCdEf0123==");

        List<String> kept = merged.stream().filter(ReportArchive::belongs).toList();

        assertThat(kept).isEqualTo(log);
        assertThat(ReportArchive.unpack(kept, dir.resolve("out"))).get().asList().hasSize(2);
    }

    @Test
    void aDamagedBlockIsRefusedWithWhatWasExpected() {
        List<String> damaged = new ArrayList<>(log);
        String line = damaged.get(2);
        damaged.set(2, line.substring(0, line.length() - 4) + (line.endsWith("AAAA") ? "BBBB" : "AAAA"));

        assertThatThrownBy(() -> ReportArchive.unpack(damaged, dir.resolve("out")))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageMatching("the reports' block in the log is damaged: expected \\d+ bytes with crc32 [0-9a-f]{8},"
                        + " got \\d+ bytes with crc32 [0-9a-f]{8}");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void aBlockCutShortSaysSo() {
        List<String> cut = log.subList(0, log.size() - 1);

        assertThatThrownBy(() -> ReportArchive.unpack(cut, dir.resolve("out")))
                .hasMessageStartingWith("the reports' block in the log has no closing line");
    }

    @Test
    void aLogWithoutABlockGivesNothing() {
        assertThat(ReportArchive.unpack(List.of(), dir.resolve("out"))).isEmpty();
        assertThat(ReportArchive.belongs("certification: 20 passed, 0 failed")).isFalse();
    }
}
