package io.github.redishajunit.localredis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The servers the tests over real processes run each case on: Redis 7.0.15 is the host's {@code /usr/bin/redis-server}
 * (Debian bookworm); Redis 8.0.2 and Valkey 8.1.1 are Debian trixie's, from the root filesystem that
 * {@code scripts/cluster/trixie-rootfs} unpacks (system property {@value #TRIXIE_ROOTFS_PROPERTY}, default
 * {@code $RHA_CACHE_DIR/trixie-rootfs}, {@code RHA_CACHE_DIR} defaulting to {@code /var/cache/redis-ha-junit}), run on
 * the host through that root filesystem's own dynamic loader and libraries. A server that is not there, or not of
 * its version, fails the case that asks for it (never a skip): a matrix that quietly shrinks proves nothing.
 */
public enum LocalServer {

    REDIS_7_0_15("Redis 7.0.15", "Redis server v=7.0.15 ", null, "redis-server"),
    REDIS_8_0_2("Redis 8.0.2", "Redis server v=8.0.2 ", "trixie", "redis-server"),
    VALKEY_8_1_1("Valkey 8.1.1", "Valkey server v=8.1.1 ", "trixie", "valkey-server");

    public static final String TRIXIE_ROOTFS_PROPERTY = "redis.ha.test.trixie-rootfs";

    private static final String LOADER = "usr/lib64/ld-linux-x86-64.so.2";
    private static final String LIBRARIES = "usr/lib/x86_64-linux-gnu";

    private final String displayName;
    private final String versionLine;
    private final String suite;
    private final String binary;

    LocalServer(String displayName, String versionLine, String suite, String binary) {
        this.displayName = displayName;
        this.versionLine = versionLine;
        this.suite = suite;
        this.binary = binary;
    }

    public boolean isValkey() {
        return this == VALKEY_8_1_1;
    }

    /** The name of its server binary: {@code redis-server}, or Valkey's {@code valkey-server}. */
    public String binary() {
        return binary;
    }

    /**
     * The command that starts this server, before its arguments; checked once per call that it runs and reports
     * this version.
     *
     * @throws IllegalStateException naming the path and the fix when the server is missing or of another version
     */
    List<String> command() {
        List<String> command = new ArrayList<>();
        if (suite == null) {
            command.add(binary);
        } else {
            Path rootfs = trixieRootfs();
            Path server = rootfs.resolve("usr/bin").resolve(binary);
            if (!Files.isExecutable(rootfs.resolve(LOADER)) || !Files.exists(server)) {
                throw new IllegalStateException("Expecting " + displayName + " at " + server + " (Debian " + suite
                        + " root filesystem of system property " + TRIXIE_ROOTFS_PROPERTY + ") but there is none:"
                        + " run scripts/cluster/trixie-rootfs (scripts/test does) or point " + TRIXIE_ROOTFS_PROPERTY
                        + " at one");
            }
            // the loader keeps argv[0] the server's path: redis-server and valkey-server pick their mode from it
            command.addAll(List.of(rootfs.resolve(LOADER).toString(), "--library-path",
                    rootfs.resolve(LIBRARIES).toString(), server.toString()));
        }
        String version = version(command);
        if (!version.startsWith(versionLine)) {
            throw new IllegalStateException("Expecting " + String.join(" ", command) + " --version to report "
                    + versionLine.trim() + " but it reported: " + version);
        }
        return command;
    }

    static Path trixieRootfs() {
        String configured = System.getProperty(TRIXIE_ROOTFS_PROPERTY, "");
        if (!configured.isBlank()) {
            return Path.of(configured);
        }
        String cache = System.getenv().getOrDefault("RHA_CACHE_DIR", "/var/cache/redis-ha-junit");
        return Path.of(cache, "trixie-rootfs");
    }

    private static String version(List<String> command) {
        List<String> versionCommand = new ArrayList<>(command);
        versionCommand.add("--version");
        try {
            Process process = new ProcessBuilder(versionCommand).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + versionCommand, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + versionCommand, e);
        }
    }

    /** As the test reports show it, e.g. {@code Valkey 8.1.1}. */
    @Override
    public String toString() {
        return displayName;
    }
}
