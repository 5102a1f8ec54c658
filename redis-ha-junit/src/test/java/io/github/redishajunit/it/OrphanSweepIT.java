package io.github.redishajunit.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.redishajunit.HACluster;
import io.github.redishajunit.RedisHACluster;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * No orphans: a JVM killed in the middle of a test (SIGKILL: no shutdown hook, no JUnit cleanup) leaves its
 * namespace; once its TTL (set short here, {@value RedisHACluster#TTL_KEY}) has passed, the next run deletes it when it
 * starts. A namespace without the library's labels is never deleted, however old its annotations say it is.
 */
class OrphanSweepIT {

    static final Duration TTL = Duration.ofSeconds(20);
    static final String NAMESPACE_LINE = "ORPHAN-NAMESPACE=";

    @ClusterClient
    private static KubernetesClient client;

    /** Run in the forked JVM: says its namespace, then hangs until killed. */
    static class HangingFixture {
        @RedisHACluster(replicas = 1)
        static HACluster cluster;

        @Test
        void hangs() throws InterruptedException {
            System.out.println(NAMESPACE_LINE + cluster.namespace());
            System.out.flush();
            new CountDownLatch(1).await(); // until the test kills this JVM
        }
    }

    /** The next run: any class with a stack; it sweeps when it first connects to the cluster. */
    static class NextRun {
        @RedisHACluster(replicas = 1)
        static HACluster cluster;

        @Test
        void runs() {
            assertThat(cluster.replicas()).hasSize(1);
        }
    }

    @Test
    void theNextRunDeletesTheNamespaceOfAKilledJvmOnceItsTtlHasPassed() throws Exception {
        String unlabelled = "rha-sweepit-unlabelled-" + Long.toString(System.nanoTime() % 100_000, 36);
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(unlabelled)
                .addToAnnotations("redis-ha-junit/created-at", Instant.now().minus(Duration.ofHours(3)).toString())
                .addToAnnotations("redis-ha-junit/ttl", "1s")
                .endMetadata().build()).create();
        try {
            String orphan = runAndKill();
            ItCluster.assertKept(client, orphan);
            assertThat(client.namespaces().withName(orphan).get().getMetadata().getAnnotations())
                    .containsEntry("redis-ha-junit/ttl", "20s");
            Instant expires = Instant.parse(client.namespaces().withName(orphan).get().getMetadata().getAnnotations()
                    .get("redis-ha-junit/created-at")).plus(TTL);
            Awaitility.await("the TTL of " + orphan + " to pass").atMost(TTL.plusSeconds(5))
                    .pollInterval(Duration.ofMillis(500)).until(() -> Instant.now().isAfter(expires.plusSeconds(1)));

            var results = ItCluster.run(NextRun.class, Map.of());

            ItCluster.assertAllPassed(results, 1);
            ItCluster.awaitGone(client, orphan, Duration.ofMinutes(3));
            ItCluster.assertKept(client, unlabelled);
        } finally {
            ItCluster.delete(client, unlabelled);
        }
    }

    /** Forks a JVM running HangingFixture with a short TTL, kills it once its test runs; returns its namespace. */
    private static String runAndKill() throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", classpath, "-D" + RedisHACluster.TTL_KEY + "=" + TTL.toSeconds() + "s"));
        System.getProperties().stringPropertyNames().stream()
                .filter(key -> key.startsWith("redis.ha.") && !key.equals(RedisHACluster.TTL_KEY))
                .forEach(key -> command.add("-D" + key + "=" + System.getProperty(key)));
        command.addAll(List.of(ForkedRun.class.getName(), HangingFixture.class.getName()));
        Process fork = new ProcessBuilder(command).redirectErrorStream(true).start();
        StringBuilder output = new StringBuilder();
        CompletableFuture<String> namespace = CompletableFuture.supplyAsync(() -> {
            try (var lines = new BufferedReader(new InputStreamReader(fork.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    output.append(line).append('\n');
                    if (line.startsWith(NAMESPACE_LINE)) {
                        return line.substring(NAMESPACE_LINE.length()).trim();
                    }
                }
                return null;
            } catch (java.io.IOException e) {
                return null;
            }
        });
        try {
            String found = namespace.get(3, TimeUnit.MINUTES);
            assertThat(found).as("the forked run's namespace; its output:\n%s", output).isNotNull();
            return found;
        } finally {
            fork.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }
}
