package io.github.redishajunit;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A command a test ran in a process of its own, and what it printed. Its stdout and stderr each go to a file while it
 * runs, so that neither pipe can fill up and stall it (a child blocked writing to a full stderr pipe never ends while
 * its parent reads stdout to the end); its stdin is empty. The wait is bounded: a process still running then is
 * destroyed and the test fails naming the command and what it printed so far.
 */
public record ProcessRun(List<String> command, int exitCode, String out, String err) {

    /** How long a process gets to end once destroyed (SIGTERM) before it is killed (SIGKILL). */
    private static final Duration GRACE = Duration.ofSeconds(5);

    /**
     * Runs {@code command} and waits for it to end, at most {@code timeout}.
     *
     * @throws IOException when it cannot be started (e.g. not installed): the caller says what to install
     * @throws AssertionError when it is still running after {@code timeout} (it is destroyed first)
     */
    public static ProcessRun run(List<String> command, Duration timeout) throws IOException, InterruptedException {
        Path out = Files.createTempFile("process-run-", ".stdout");
        Path err = Files.createTempFile("process-run-", ".stderr");
        try {
            Process process = new ProcessBuilder(command)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            boolean ended;
            try {
                ended = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } finally {
                if (process.isAlive()) {
                    destroy(process);
                }
            }
            if (!ended) {
                throw new AssertionError("Expecting " + String.join(" ", command) + " to end within "
                        + timeout.toSeconds() + " s\nbut it was still running (pid " + process.pid() + ", destroyed"
                        + " now); its stdout so far:\n" + read(out)
                        + "\nits stderr so far:\n" + read(err));
            }
            return new ProcessRun(List.copyOf(command), process.exitValue(), read(out), read(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** What the process wrote, bytes that are not UTF-8 replaced. */
    private static String read(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    }

    private static void destroy(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public String toString() {
        return String.join(" ", command) + " ended with " + exitCode + "\nstdout:\n" + out + "\nstderr:\n" + err;
    }
}
