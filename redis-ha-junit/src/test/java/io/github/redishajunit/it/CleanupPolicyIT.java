package io.github.redishajunit.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.redishajunit.CleanupPolicy;
import io.github.redishajunit.HACluster;
import io.github.redishajunit.RedisHACluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** NEVER keeps a passing class's namespace; ON_SUCCESS keeps a failing one's, with the evidence attached. */
class CleanupPolicyIT {

    @ClusterClient
    private static KubernetesClient client;

    @AfterAll
    static void deleteWhatWasKept() {
        ItCluster.delete(client, NeverFixture.namespace);
        ItCluster.delete(client, FailingFixture.namespace);
    }

    @RedisHACluster(cleanup = CleanupPolicy.NEVER)
    static class NeverFixture {
        static String namespace;

        @Test
        void passes(@RedisHACluster HACluster cluster) {
            namespace = cluster.namespace();
        }
    }

    static class FailingFixture {
        @RedisHACluster
        static HACluster cluster;

        static String namespace;

        @Test
        void fails() {
            namespace = cluster.namespace();
            assertThat(cluster.master().info("replication")).as("deliberately wrong").contains("role:slave");
        }
    }

    @Test
    void neverKeepsTheNamespaceOfAPassingClass() {
        var results = ItCluster.run(NeverFixture.class, Map.of());

        ItCluster.assertAllPassed(results, 1);
        ItCluster.assertKept(client, NeverFixture.namespace);
        assertThat(client.pods().inNamespace(NeverFixture.namespace).list().getItems()).hasSize(3);
    }

    @Test
    void onSuccessKeepsTheNamespaceOfAFailingClassAndAttachesTheEvidence() throws Exception {
        var results = ItCluster.run(FailingFixture.class, Map.of());

        assertThat(ItCluster.failures(results)).singleElement().satisfies(failure -> {
            // the test's own failure, unchanged, with the evidence suppressed into it
            assertThat(failure).isInstanceOf(AssertionError.class).hasMessageContaining("deliberately wrong");
            assertThat(failure.getSuppressed()).singleElement().satisfies(evidence -> assertThat(evidence.getMessage())
                    .startsWith("Redis HA cluster in namespace " + FailingFixture.namespace + " when the test failed")
                    .contains("Pods in namespace " + FailingFixture.namespace + ":")
                    .containsPattern("redis-master-0 +master +Running +1/1")
                    .contains("Recent events in namespace " + FailingFixture.namespace)
                    .contains("Log of redis-slave-1 container redis")
                    .contains("INFO replication of redis-slave-0:")
                    .contains("master_link_status:up"));
        });
        ItCluster.assertKept(client, FailingFixture.namespace);
        Path reports = Path.of("target/redis-ha-reports", FailingFixture.class.getName());
        try (Stream<Path> files = Files.list(reports)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .anyMatch(name -> name.startsWith(FailingFixture.namespace + "-failed-fails"));
        }
    }
}
