package io.github.redishajunit.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redishajunit.ProcessRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code java -jar redis-ha-junit-<version>-certify.jar} as the README documents it: the shaded jar that {@code mvn
 * package} built, run in a JVM of its own, answers {@code --version} and {@code --help} and ends a bad command line
 * with exit code 2 naming what is missing, before it reaches any cluster.
 */
class CertifyJarIT {

    @Test
    void theJarPrintsItsVersion() throws Exception {
        ProcessRun version = java("--version");

        assertThat(version.exitCode()).as(version.toString()).isZero();
        assertThat(version.out()).matches("redis-ha-junit \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\R");
    }

    @Test
    void theJarPrintsItsUsageOnHelp() throws Exception {
        ProcessRun help = java("--help");

        assertThat(help.exitCode()).as(help.toString()).isZero();
        assertThat(help.out()).startsWith("usage: certify --namespace NS").contains("--node-outage-command CMD",
                "--namespace=redis", "java -jar redis-ha-junit-<version>-certify.jar");
    }

    @Test
    void aCommandLineWithoutANamespaceEndsWithExitTwo() throws Exception {
        ProcessRun bare = java("--drills=lag");

        assertThat(bare.exitCode()).as(bare.toString()).isEqualTo(2);
        assertThat(bare.err()).startsWith("certify: --namespace is required (the namespace of the deployed stack), or"
                + " --provision to deploy one");
    }

    private static ProcessRun java(String... args) throws IOException, InterruptedException {
        Path jar;
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            jar = files.filter(f -> f.getFileName().toString().endsWith("-certify.jar")).findFirst()
                    .orElseThrow(() -> new AssertionError("no target/redis-ha-junit-*-certify.jar: run mvn package"));
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", jar.toString()));
        command.addAll(List.of(args));
        return ProcessRun.run(command, Duration.ofSeconds(60));
    }
}
