package io.github.redishajunit.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.redishajunit.Endpoint;
import io.github.redishajunit.HACluster;
import io.github.redishajunit.RedisHACluster;
import io.github.redishajunit.RedisNode;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * JUnit's parallel execution, classes concurrent: three classes provision at once, each its own namespace and its
 * own allocated NodePort (the manifest's fixed 30903 would collide), and their tests are all running at the same
 * time (a latch only the three together open). Each writes through its own handles and reads through its own
 * NodePort: what it reaches there is its own master, not another class's.
 */
class ParallelClassesIT {

    static final Map<String, String> PARALLEL = Map.of(
            "junit.jupiter.execution.parallel.enabled", "true",
            "junit.jupiter.execution.parallel.mode.default", "same_thread",
            "junit.jupiter.execution.parallel.mode.classes.default", "concurrent",
            "junit.jupiter.execution.parallel.config.strategy", "fixed",
            "junit.jupiter.execution.parallel.config.fixed.parallelism", "3");

    @ClusterClient
    private static KubernetesClient client;
    static final Map<String, Seen> SEEN = new ConcurrentHashMap<>();
    static CountDownLatch allRunning;

    /** What one class saw of its stack. */
    record Seen(String namespace, int nodePort, String thread) {}

    static class First {
        @RedisHACluster(replicas = 1)
        static HACluster cluster;

        @Test
        void usesItsOwnStack() throws Exception {
            check(First.class, cluster);
        }
    }

    static class Second {
        @RedisHACluster(replicas = 1)
        static HACluster cluster;

        @Test
        void usesItsOwnStack() throws Exception {
            check(Second.class, cluster);
        }
    }

    static class Third {
        @RedisHACluster(replicas = 1)
        static HACluster cluster;

        @Test
        void usesItsOwnStack() throws Exception {
            check(Third.class, cluster);
        }
    }

    static void check(Class<?> fixture, HACluster cluster) throws InterruptedException {
        try {
            String key = "rha:parallel:" + fixture.getSimpleName();
            var master = cluster.master().connection().sync();
            master.set(key, cluster.namespace());
            assertThat(master.waitForReplication(1, 5_000)).as("replicas acknowledging in %s", cluster.namespace())
                    .isEqualTo(1);
            for (RedisNode replica : cluster.replicas()) {
                assertThat(replica.connection().sync().get(key)).as(replica.name()).isEqualTo(cluster.namespace());
            }
            Endpoint nodePort = cluster.nodePort();
            // a NodePort allocated a moment ago answers once kube-proxy has written its rules: with three new
            // Services at once on a busy node that can take seconds
            Awaitility.await("NodePort " + nodePort + " of " + cluster.namespace() + " to serve its master")
                    .atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> assertThat(getThroughNodePort(nodePort, key))
                            .as("what NodePort %s of %s serves", nodePort, cluster.namespace())
                            .isEqualTo(cluster.namespace()));
            SEEN.put(fixture.getSimpleName(), new Seen(cluster.namespace(), nodePort.port(),
                    Thread.currentThread().getName()));
        } finally {
            allRunning.countDown(); // a failing class must not keep the others waiting
        }
        assertThat(allRunning.await(3, TimeUnit.MINUTES)).as("the three classes running at once").isTrue();
    }

    private static String getThroughNodePort(Endpoint nodePort, String key) {
        RedisClient redis = RedisClient.create(RedisURI.builder().withHost(nodePort.host()).withPort(nodePort.port())
                .withTimeout(Duration.ofSeconds(5)).build());
        try (var external = redis.connect()) {
            return external.sync().get(key);
        } finally {
            redis.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    @Test
    void threeClassesAtOnceEachWithItsOwnStack() {
        SEEN.clear();
        allRunning = new CountDownLatch(3);

        var results = ItCluster.run(List.of(First.class, Second.class, Third.class), PARALLEL);

        ItCluster.assertAllPassed(results, 3);
        assertThat(SEEN).containsOnlyKeys("First", "Second", "Third");
        assertThat(SEEN.values()).extracting(Seen::namespace).doesNotHaveDuplicates();
        assertThat(SEEN.values()).extracting(Seen::nodePort).doesNotHaveDuplicates().doesNotContain(30903);
        assertThat(SEEN.values()).extracting(Seen::thread).doesNotHaveDuplicates();
        for (Seen seen : SEEN.values()) {
            ItCluster.awaitGone(client, seen.namespace(), Duration.ofMinutes(3));
        }
    }
}
