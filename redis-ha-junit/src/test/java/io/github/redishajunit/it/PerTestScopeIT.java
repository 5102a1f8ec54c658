package io.github.redishajunit.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.redishajunit.HACluster;
import io.github.redishajunit.RedisHACluster;
import io.github.redishajunit.assertions.RedisHAAssertions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Without a class-level annotation, an annotated instance field and an annotated test parameter get a stack of the
 * test's own: the field and the parameter of one test (same settings, same scope) share it, and it is gone when the
 * test ends, before the next test's stack is made.
 */
class PerTestScopeIT {

    @ClusterClient
    private static KubernetesClient client;

    static class Fixture {

        static final List<String> namespaces = new ArrayList<>();

        @RedisHACluster(replicas = 1)
        HACluster cluster;

        @Test
        void fieldAndParameterShareTheTestsStack(@RedisHACluster(replicas = 1) HACluster parameter) {
            assertThat(parameter).isSameAs(cluster);
            assertThat(cluster.replicas()).hasSize(1);
            RedisHAAssertions.assertReplicationUp(cluster);
            namespaces.add(cluster.namespace());
        }
    }

    @Test
    void aTestsStackIsItsOwnAndGoesWithIt() {
        Fixture.namespaces.clear();

        var results = ItCluster.run(Fixture.class, Map.of());

        ItCluster.assertAllPassed(results, 1);
        assertThat(Fixture.namespaces).singleElement().asString().startsWith("rha-fixture-");
        ItCluster.awaitGone(client, Fixture.namespaces.get(0), Duration.ofMinutes(3));
    }
}
