package io.github.redishajunit.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.redishajunit.HACluster;
import io.github.redishajunit.RedisHACluster;
import io.github.redishajunit.internal.cluster.TestClusters;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * Time-to-ready of one stack on the cluster of {@code KUBECONFIG}, against what a user does instead with kubectl
 * alone, measured in the same run on the same cluster, interleaved round by round (the order rotates, so that drift
 * of a shared machine spreads over all three):
 *
 * <ol>
 *   <li>kubectl, pods Ready: create the namespace, {@code kubectl apply -f manifests/redis-ha-cluster.yaml},
 *       {@code kubectl rollout status} of both StatefulSets (the probes say Ready);
 *   <li>kubectl, replication up: the same, then {@code kubectl exec ... redis-cli info replication} on each replica
 *       until both say {@code master_link_status:up} (no rollout status: it is what the probes would tell);
 *   <li>the extension: a class with a static {@code @RedisHACluster HACluster} field, run through the JUnit
 *       engine, from the start of the run (cluster connection included) to its {@code @BeforeAll}: what a user's
 *       {@code @BeforeAll} pays for replication truth, in this warm JVM;
 *   <li>cold: {@code scripts/certify --provision} as a user types it, a JVM of its own, from the process's start to
 *       its line {@code Redis HA cluster ready in}: what the first seconds of a run cost (class loading, the
 *       client's construction, the first requests), which the warm rounds above do not see.
 * </ol>
 *
 * One warm-up round of all three comes first and is printed but not counted ({@link #WARM_UP_ROUNDS}). Between two
 * measurements the namespace is deleted and awaited gone (not timed). The fixed NodePort (30903) is
 * left out of what kubectl applies, as the extension leaves it out in a fresh namespace, so that the runs don't
 * collide with a stack already on that port. Not a test (its name ends in neither Test nor IT): {@code scripts/bench
 * --cluster} runs it. It prints medians and the ratio and asserts nothing about time.
 */
class ClusterBenchmark {

    static final int ROUNDS = Integer.getInteger("rha.bench.rounds", 5);
    /** Rounds run first and not counted: the first classes this JVM loads and compiles (JUnit, fabric8, Jackson,
     * Lettuce, Netty) cost seconds, and the JIT compiling them competes with the cluster for the same cores over the
     * next rounds. A user's run pays that once, in its first class; the rounds compare the steady state. */
    static final int WARM_UP_ROUNDS = 1;
    static final Duration TIMEOUT = Duration.ofMinutes(3);
    static final Path MANIFEST = Path.of("..", "manifests", "redis-ha-cluster.yaml");
    static final String PODS_READY = "kubectl: create ns, apply, rollout status (pods Ready)";
    static final String LINK_UP = "kubectl: create ns, apply, exec until link up x2";
    static final String EXTENSION = "extension: start to replication-ready";
    static final String COLD = "cold: scripts/certify --provision, start to ready";
    static final Path CERTIFY = Path.of("..", "scripts", "certify");
    static final String RUN = Long.toString(System.currentTimeMillis() % 100_000, 36);

    @RedisHACluster
    static class ReadyFixture {
        @RedisHACluster
        static HACluster cluster;

        static volatile long readyAt;
        static volatile String namespace;

        @BeforeAll
        static void ready() {
            readyAt = System.nanoTime();
            namespace = cluster.namespace();
        }

        @Test
        void ready(@RedisHACluster HACluster same) {
            assertThat(same).isSameAs(cluster);
        }
    }

    @Test
    void timeToReadyAgainstKubectl() throws Exception {
        String manifest = Files.readString(MANIFEST).replaceAll("(?m)^\\s*nodePort: \\d+\\s*\\n", "");
        Map<String, List<Double>> seconds = new LinkedHashMap<>();
        List.of(PODS_READY, LINK_UP, EXTENSION, COLD).forEach(name -> seconds.put(name, new ArrayList<>()));
        try (KubernetesClient client = TestClusters.client()) {
            for (int round = -WARM_UP_ROUNDS; round < ROUNDS; round++) {
                List<String> order = new ArrayList<>(seconds.keySet());
                java.util.Collections.rotate(order, -round);
                for (String procedure : order) {
                    double s = switch (procedure) {
                        case PODS_READY -> kubectl(client, manifest, round, false);
                        case LINK_UP -> kubectl(client, manifest, round, true);
                        case COLD -> cold(client);
                        default -> extension(client);
                    };
                    if (round < 0) {
                        System.out.printf(Locale.ROOT, "warm-up: %-55s %6.2f s (not counted)%n", procedure, s);
                    } else {
                        seconds.get(procedure).add(s);
                        System.out.printf(Locale.ROOT, "round %d: %-55s %6.2f s%n", round + 1, procedure, s);
                    }
                }
            }
        }
        System.out.printf(Locale.ROOT, "%n%-58s %9s %7s %7s%n", "time-to-ready (" + ROUNDS + " rounds, interleaved)",
                "median s", "min s", "max s");
        seconds.forEach((name, values) -> System.out.printf(Locale.ROOT, "%-58s %9.2f %7.2f %7.2f%n", name,
                median(values), values.stream().mapToDouble(d -> d).min().orElse(0),
                values.stream().mapToDouble(d -> d).max().orElse(0)));
        System.out.printf(Locale.ROOT, "time-to-ready ratio (extension replication-ready / kubectl pods Ready): %.2f%n",
                median(seconds.get(EXTENSION)) / median(seconds.get(PODS_READY)));
        System.out.printf(Locale.ROOT, "time-to-ready ratio (extension replication-ready / kubectl link up): %.2f%n",
                median(seconds.get(EXTENSION)) / median(seconds.get(LINK_UP)));
        System.out.printf(Locale.ROOT, "cold time-to-ready ratio (scripts/certify --provision ready / kubectl pods"
                + " Ready): %.2f%n", median(seconds.get(COLD)) / median(seconds.get(PODS_READY)));
    }

    /**
     * {@code scripts/certify --provision} in a process of its own, timed from its start to the line saying the stack
     * is ready; the certification then runs to its end (not timed) and its namespace is awaited gone.
     */
    private static double cold(KubernetesClient client) throws IOException, InterruptedException {
        Path reports = Files.createTempDirectory("rha-bench-cold");
        long start = System.nanoTime();
        Process process = new ProcessBuilder(CERTIFY.toString(), "--provision", "--reports", reports.toString())
                .redirectErrorStream(true).start();
        process.getOutputStream().close();
        double seconds = -1;
        String namespace = null;
        StringBuilder output = new StringBuilder();
        try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                output.append(line).append('\n');
                if (seconds < 0 && line.contains("Redis HA cluster ready in")) {
                    seconds = (System.nanoTime() - start) / 1e9;
                    namespace = line.replaceFirst(".*\\[(rha-[a-z0-9-]+)\\].*", "$1");
                }
            }
        }
        if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS) || process.exitValue() != 0 || seconds < 0) {
            throw new AssertionError("scripts/certify --provision did not certify a ready stack: " + output);
        }
        awaitGone(client, namespace);
        return seconds;
    }

    /** The raw procedure; the namespace carries the library's labels so that a sweep finds it if this JVM dies. */
    private static double kubectl(KubernetesClient client, String manifest, int round, boolean linkUp)
            throws IOException, InterruptedException {
        String ns = "rha-bench-" + RUN + "-" + (round < 0 ? "warm-up" : Integer.toString(round + 1))
                + (linkUp ? "-link" : "-ready");
        String namespace = """
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: %s
                  labels:
                    app.kubernetes.io/managed-by: redis-ha-junit
                    redis-ha-junit/run-id: bench
                  annotations:
                    redis-ha-junit/created-at: "%s"
                    redis-ha-junit/ttl: 30m
                """.formatted(ns, Instant.now().truncatedTo(ChronoUnit.SECONDS));
        long start = System.nanoTime();
        try {
            run(namespace, "kubectl", "create", "-f", "-");
            run(manifest, "kubectl", "apply", "-n", ns, "-f", "-");
            if (linkUp) {
                for (String replica : List.of("redis-slave-0", "redis-slave-1")) {
                    while (!tryRun("kubectl", "exec", "-n", ns, replica, "-c", "redis", "--", "redis-cli", "info",
                            "replication").contains("master_link_status:up")) {
                        if (System.nanoTime() - start > TIMEOUT.toNanos()) {
                            throw new AssertionError(replica + " in " + ns + " never reported master_link_status:up");
                        }
                        Thread.sleep(200);
                    }
                }
            } else {
                for (String sts : List.of("statefulset/redis-master", "statefulset/redis-slave")) {
                    run(null, "kubectl", "rollout", "status", "-n", ns, sts, "--timeout=" + TIMEOUT.toSeconds() + "s");
                }
            }
            return (System.nanoTime() - start) / 1e9;
        } finally {
            client.namespaces().withName(ns).delete();
            awaitGone(client, ns);
        }
    }

    private static double extension(KubernetesClient client) {
        ReadyFixture.readyAt = 0;
        long start = System.nanoTime();
        var results = EngineTestKit.engine("junit-jupiter")
                .enableImplicitConfigurationParameters(true)
                .selectors(selectClass(ReadyFixture.class))
                .execute();
        results.testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
        double s = (ReadyFixture.readyAt - start) / 1e9;
        awaitGone(client, ReadyFixture.namespace);
        return s;
    }

    private static void awaitGone(KubernetesClient client, String ns) {
        Awaitility.await("namespace " + ns + " to be deleted").atMost(TIMEOUT).pollInterval(Duration.ofMillis(500))
                .until(() -> client.namespaces().withName(ns).get() == null);
    }

    private static String run(String stdin, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (stdin != null) {
            process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }

    /** The command's output, or empty when it failed (a pod not there yet). */
    private static String tryRun(String... command) throws IOException, InterruptedException {
        try {
            return run(null, command);
        } catch (AssertionError notYet) {
            return "";
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
