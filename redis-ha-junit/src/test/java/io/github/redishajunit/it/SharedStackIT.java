package io.github.redishajunit.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.redishajunit.HACluster;
import io.github.redishajunit.RedisHACluster;
import io.github.redishajunit.StackScope;
import io.github.redishajunit.assertions.RedisHAAssertions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code scope = RUN}: two classes of one run that ask for the same settings (one on the class, one on a field) get
 * the same stack, provisioned once and kept between them, and it is gone when the run ends.
 */
class SharedStackIT {

    @ClusterClient
    private static KubernetesClient client;

    @RedisHACluster(scope = StackScope.RUN, replicas = 1)
    static class FirstReader {
        @RedisHACluster
        static HACluster cluster;

        static String namespace;
        static String masterUid;

        @Test
        void reads() {
            RedisHAAssertions.assertReplicationUp(cluster);
            namespace = cluster.namespace();
            masterUid = cluster.master().pod().getMetadata().getUid();
        }
    }

    static class SecondReader {
        @RedisHACluster(scope = StackScope.RUN, replicas = 1)
        static HACluster cluster;

        static String namespace;
        static String masterUid;
        static boolean terminating;

        @Test
        void reads() {
            RedisHAAssertions.assertReplicationUp(cluster);
            namespace = cluster.namespace();
            masterUid = cluster.master().pod().getMetadata().getUid();
            terminating = client.namespaces().withName(namespace).get().getMetadata().getDeletionTimestamp() != null;
        }
    }

    @Test
    void twoClassesShareOneStackThatGoesAtTheEndOfTheRun() {
        var results = ItCluster.run(List.of(FirstReader.class, SecondReader.class), Map.of());

        ItCluster.assertAllPassed(results, 2);
        assertThat(FirstReader.namespace).matches("rha-run-[a-z0-9]{5}");
        assertThat(SecondReader.namespace).as("the second class's namespace").isEqualTo(FirstReader.namespace);
        assertThat(SecondReader.masterUid).as("the master pod the second class saw").isEqualTo(FirstReader.masterUid);
        assertThat(SecondReader.terminating).as("namespace terminating while the run still uses it").isFalse();
        ItCluster.awaitGone(client, FirstReader.namespace, Duration.ofMinutes(3));
    }
}
