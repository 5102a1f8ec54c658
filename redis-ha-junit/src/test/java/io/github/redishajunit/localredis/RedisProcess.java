package io.github.redishajunit.localredis;

import io.github.redishajunit.Endpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One server process ({@code redis-server} or {@code valkey-server}, see {@link LocalServer}) this test JVM started, stopped by its PID on {@link #close()} (SIGCONT first,
 * in case a test froze it, then SIGTERM, then SIGKILL after 5 s).
 */
public final class RedisProcess implements AutoCloseable {

    private final LocalServer server;
    private final Process process;
    private final int port;
    private final Path logFile;
    private final Path stderr;

    private RedisProcess(LocalServer server, Process process, int port, Path logFile, Path stderr) {
        this.server = server;
        this.process = process;
        this.port = port;
        this.logFile = logFile;
        this.stderr = stderr;
    }

    /**
     * Starts {@code <server command> --port <port> --bind 127.0.0.1 --dir <dir> --save '' --logfile <logFile>
     * --daemonize no --repl-diskless-sync-delay 0 <extra>}; the command may run the server as another user.
     */
    static RedisProcess start(LocalServer server, List<String> serverCommand, int port, Path dir, Path logFile,
            List<String> extra) {
        List<String> command = new ArrayList<>(serverCommand);
        command.addAll(List.of("--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--dir", dir.toString(), "--save", "", "--logfile", logFile.toString(), "--daemonize", "no",
                "--repl-diskless-sync-delay", "0"));
        command.addAll(extra);
        Path stderr = logFile.resolveSibling(logFile.getFileName() + ".stderr");
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(stderr.toFile())
                    .start();
            return new RedisProcess(server, process, port, logFile, stderr);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    public LocalServer server() {
        return server;
    }

    public int port() {
        return port;
    }

    public Endpoint endpoint() {
        return new Endpoint("127.0.0.1", port);
    }

    public Path logFile() {
        return logFile;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** What the process printed outside its log file (e.g. a fatal config error), and the tail of its log. */
    public String diagnostics() {
        return server + " on port " + port + " (pid " + pid() + ")" + (process.isAlive() ? "" : " exited with "
                + process.exitValue()) + "\nstdout/stderr:\n" + read(stderr) + "\nlog " + logFile + ":\n" + read(logFile);
    }

    /** Freezes the process (SIGSTOP), like a hung node. */
    public void pause() {
        signal("-STOP");
    }

    /** Resumes a frozen process (SIGCONT). */
    public void resume() {
        signal("-CONT");
    }

    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        resume();
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return server.binary() + " :" + port + " (pid " + pid() + ")";
    }

    private void signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", signal, String.valueOf(pid())).inheritIO().start();
            if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill " + signal + " " + pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signalling " + this, e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8) : "(none)";
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
