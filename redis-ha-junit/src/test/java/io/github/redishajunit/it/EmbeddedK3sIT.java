package io.github.redishajunit.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redishajunit.RedisHACluster;
import io.github.redishajunit.certification.CertifyCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded path end to end, as a developer without any kubeconfig meets it: the certification ({@code
 * --provision}) in a JVM whose environment is cleared and whose home is empty, so that the target resolution
 * finds nothing and starts the embedded K3s through Testcontainers: the container starts, its kubeconfig is taken,
 * the stack is provisioned and replicates, every certification step runs (the NodePort through the container's
 * mapped port), the namespace is removed and the container stopped, leaving no container or network behind.
 *
 * <p>Needs Docker and the image: {@code scripts/embedded up} starts the one and builds the other, and {@code
 * -Dredis.ha.k3sImage=redis-ha-junit/k3s-contract:<version> -Dredis.ha.k3sPrivileged=false} hands them over (the
 * default is {@code rancher/k3s}, privileged, for a Docker host that can pull and run it). Not in the default
 * failsafe run; {@code .ci/run} runs it as a step of its own: {@code -Dit.test=EmbeddedK3sIT}.
 */
class EmbeddedK3sIT {

    static final Duration CHILD_TIMEOUT = Duration.ofMinutes(15);
    private static final Pattern CHOSEN = Pattern.compile("Cluster target: (embedded K3s .*) chosen in (.+)");

    @TempDir
    Path home;

    @Test
    void certifiesAProvisionedStackOnTheEmbeddedK3sWithNoKubeconfigAnywhere() throws Exception {
        String image = System.getProperty(RedisHACluster.K3S_IMAGE_KEY, "");
        String privileged = System.getProperty(RedisHACluster.K3S_PRIVILEGED_KEY, "");
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-Duser.home=" + home, // the JVM takes its home from the password database, not from HOME
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                CertifyCommand.class.getName(), "--provision", "--reports", home.resolve("reports").toString()));
        if (!image.isBlank()) {
            command.addAll(List.of("--k3s-image", image));
        }
        if (!privileged.isBlank()) {
            command.addAll(List.of("--k3s-privileged", privileged));
        }
        Path output = home.resolve("certify.log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile());
        Map<String, String> env = builder.environment();
        env.clear();
        env.put("HOME", home.toString());
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        // what a Docker host without Docker Hub needs: no reaper (its image comes from there; the certification
        // stops its container itself), no start-up checks (their alpine image too: minutes of pull retries)
        env.put("TESTCONTAINERS_RYUK_DISABLED", "true");
        env.put("TESTCONTAINERS_CHECKS_DISABLE", "true");
        long start = System.nanoTime();

        Process certify = builder.start();
        boolean exited = certify.waitFor(CHILD_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (!exited) {
            certify.destroyForcibly().waitFor();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        String log = Files.readString(output, StandardCharsets.UTF_8);
        System.out.println("--- the certification's output\n" + log + "---");

        assertThat(exited).as("certification finished within %s; its output:%n%s", CHILD_TIMEOUT, log).isTrue();
        assertThat(certify.exitValue()).as("exit code; output:%n%s", log).isZero();
        Matcher chosen = CHOSEN.matcher(log);
        assertThat(chosen.find()).as("the cluster target line in:%n%s", log).isTrue();
        assertThat(chosen.group(1)).as("cluster target")
                .contains("in Docker (no kubeconfig found: KUBECONFIG is not set; " + home.resolve(".kube/config")
                        + " does not exist")
                .contains(" at https://");
        assertThat(log)
                .contains("PASS 1. replication", "PASS 2. propagation", "PASS 2b. durability", "PASS 3. boot logs",
                        "PASS 4. NodePort", "PASS 5. replicas reject writes", "PASS 6. persistence")
                .contains("certification: 8 passed, 0 failed, 3 skipped");
        System.out.printf("EmbeddedK3sIT: embedded K3s chosen (container started, API answering) in %s;"
                + " certification done in %ds%n", chosen.group(2), took.toSeconds());
        assertThat(docker("ps", "-a", "-q", "--filter", "label=org.testcontainers"))
                .as("containers Testcontainers started and left behind").isEmpty();
        assertThat(docker("network", "ls", "-q", "--filter", "label=org.testcontainers"))
                .as("networks Testcontainers created and left behind").isEmpty();
    }

    /** A docker CLI command's output lines. */
    private static List<String> docker(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as("%s: %s", String.join(" ", command), out).isZero();
        return out.lines().filter(line -> !line.isBlank()).toList();
    }
}
