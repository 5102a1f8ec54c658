package io.github.redishajunit.drills;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@link NodeOutage#command(List)}: a command run with {@code stop NODE} or {@code start NODE} appended. */
final class NodeOutageCommand implements NodeOutage {

    private static final long TIMEOUT_SECONDS = 60;

    private final List<String> command;

    NodeOutageCommand(List<String> command) {
        if (command == null || command.isEmpty() || command.get(0).isBlank()) {
            throw new IllegalArgumentException("the node outage command is empty (fix: a command that takes stop NODE"
                    + " and start NODE, e.g. scripts/local-cluster node on the local cluster)");
        }
        this.command = List.copyOf(command);
    }

    @Override
    public void stop(String node) {
        run("stop", node);
    }

    @Override
    public void start(String node) {
        run("start", node);
    }

    private void run(String action, String node) {
        List<String> line = new ArrayList<>(command);
        line.add(action);
        line.add(node);
        String said;
        int exit;
        Path output = null;
        try {
            output = Files.createTempFile("rha-node-outage", ".log");
            Process process = new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(output.toFile())
                    .start();
            process.getOutputStream().close();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("the node outage command `" + String.join(" ", line) + "` did not"
                        + " end within " + TIMEOUT_SECONDS + " s");
            }
            said = Files.readString(output, StandardCharsets.UTF_8).strip();
            exit = process.exitValue();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run the node outage command `" + String.join(" ", line) + "`: "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the node outage command `" + String.join(" ", line)
                    + "` ran", e);
        } finally {
            if (output != null) {
                output.toFile().delete();
            }
        }
        if (exit != 0) {
            throw new IllegalStateException("the node outage command `" + String.join(" ", line) + "` ended with exit"
                    + " code " + exit + (said.isEmpty() ? "" : ": " + said));
        }
    }

    @Override
    public String toString() {
        return String.join(" ", command);
    }
}
