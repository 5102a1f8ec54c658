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
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A fresh namespace, replication up, the handles work, the namespace is gone afterwards. */
class HappyPathIT {

    @ClusterClient
    private static KubernetesClient client;

    @RedisHACluster
    static class Fixture {

        @RedisHACluster
        static HACluster cluster;

        static String namespace;

        @BeforeAll
        static void captured(@RedisHACluster HACluster parameter) {
            assertThat(parameter).isSameAs(cluster);
            namespace = cluster.namespace();
            assertThat(client.namespaces().withName(namespace).get().getMetadata().getLabels())
                    .containsEntry("app.kubernetes.io/managed-by", "redis-ha-junit")
                    .containsKey("redis-ha-junit/run-id");
        }

        @Test
        void writesOnTheMasterReachTheReplicas() {
            var master = cluster.master().connection().sync();
            master.set("rha:greeting", "hello");
            assertThat(master.waitForReplication(2, 5_000)).isEqualTo(2);
            for (RedisNode replica : cluster.replicas()) {
                assertThat(replica.connection().sync().get("rha:greeting")).as(replica.name()).isEqualTo("hello");
            }
        }

        @Test
        void nodePortAnswersPing() {
            Endpoint nodePort = cluster.nodePort();
            RedisClient redis = RedisClient.create(RedisURI.builder().withHost(nodePort.host())
                    .withPort(nodePort.port()).withTimeout(Duration.ofSeconds(5)).build());
            try (var connection = redis.connect()) {
                assertThat(connection.sync().ping()).isEqualTo("PONG");
                assertThat(connection.sync().info("replication")).contains("role:master");
            } finally {
                redis.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            }
        }

        @Test
        void nodeHandles(@RedisHACluster HACluster sameCluster) {
            assertThat(sameCluster).isSameAs(cluster);
            assertThat(cluster.master().name()).isEqualTo("redis-master-0");
            assertThat(cluster.master().role()).isEqualTo(RedisNode.Role.MASTER);
            assertThat(cluster.replicas()).extracting(RedisNode::name).containsExactly("redis-slave-0", "redis-slave-1");
            assertThat(cluster.replica(1).role()).isEqualTo(RedisNode.Role.REPLICA);
            assertThat(cluster.master().hostAddress()).isEqualTo(cluster.master().pod().getStatus().getPodIP());
            assertThat(cluster.master().endpoint().host()).isEqualTo("127.0.0.1");
            assertThat(cluster.master().info("server")).contains("redis_version:7.0.15");
            assertThat(cluster.master().logs()).anyMatch(line -> line.contains("Ready to accept connections"));
            assertThat(cluster.replica(0).logs()).anyMatch(line -> line.contains("MASTER <-> REPLICA sync"));
            assertThat(cluster.replica(0).info("replication")).contains("master_link_status:up");
            assertThat(cluster.externalEndpoint()).isPresent();
            assertThat(cluster.location()).isEqualTo("namespace " + namespace);
            assertThat(cluster.client().pods().inNamespace(namespace).list().getItems()).hasSize(3);
        }
    }

    @Test
    void provisionsAReplicatingClusterAndDeletesItsNamespaceAfterwards() {
        long start = System.nanoTime();
        var results = ItCluster.run(Fixture.class, Map.of());

        ItCluster.assertAllPassed(results, 3);
        assertThat(Fixture.namespace).matches("rha-fixture-[a-z0-9]{5}");
        // cleanup = ON_SUCCESS (the default) and everything passed: the namespace goes
        ItCluster.awaitGone(client, Fixture.namespace, Duration.ofMinutes(3));
        System.out.printf("HappyPathIT: fixture ran in %d s%n", Duration.ofNanos(System.nanoTime() - start).toSeconds());
    }
}
