package io.github.redishajunit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The tests' way to run a child process: neither of its streams can stall it, and a wait that ends fails by name. */
class ProcessRunTest {

    @Test
    void aChildThatFillsItsStderrBeforeWritingStdoutEnds() throws Exception {
        // 1 MiB on stderr first: far past a pipe's 64 KiB, which stalled a parent reading stdout to the end first
        ProcessRun run = ProcessRun.run(List.of("sh", "-c", "head -c 1048576 /dev/zero | tr '\\0' e >&2; echo out"),
                Duration.ofMinutes(1));

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("out\n");
        assertThat(run.err()).hasSize(1_048_576).matches("e+");
    }

    @Test
    void aChildStillRunningAtTheBoundIsDestroyedAndTheFailureNamesTheCommand() {
        assertThatThrownBy(() -> ProcessRun.run(List.of("sleep", "600"), Duration.ofSeconds(1)))
                .isInstanceOf(AssertionError.class)
                .hasMessageMatching("Expecting sleep 600 to end within 1 s\nbut it was still running \\(pid \\d+,"
                        + " destroyed now\\); its stdout so far:\n\nits stderr so far:\n")
                .satisfies(failure -> {
                    long pid = Long.parseLong(failure.getMessage().replaceFirst("(?s).*\\(pid (\\d+),.*", "$1"));
                    assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("process %s", pid).isEmpty();
                });
    }
}
