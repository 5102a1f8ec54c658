package io.github.redishajunit.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.redishajunit.HACluster;
import io.github.redishajunit.RedisHACluster;
import io.github.redishajunit.RedisHAProvisioningException;
import io.github.redishajunit.RedisNode;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Attach mode on a stack deployed the way a user deploys it (the manifest applied into a namespace, no extension
 * involved): the extension waits for it to replicate, hands out working handles, and deletes nothing.
 */
class AttachModeIT {

    @ClusterClient
    private static KubernetesClient client;
    private static String namespace;

    @BeforeAll
    static void deployTheStackByHand() throws Exception {
        namespace = "rha-attachmodeit-" + Long.toString(System.nanoTime() % 100_000, 36);
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace)
                .addToLabels("app.kubernetes.io/managed-by", "redis-ha-junit-it").endMetadata().build()).create();
        try (InputStream manifest = AttachModeIT.class.getResourceAsStream(
                "/io/github/redishajunit/manifests/redis-ha-cluster.yaml")) {
            for (HasMetadata item : client.load(manifest).items()) {
                // a fixed NodePort could collide with another stack on this cluster
                HasMetadata object = item instanceof Service svc && "NodePort".equals(svc.getSpec().getType())
                        ? new ServiceBuilder(svc).editSpec().editFirstPort().withNodePort(null).endPort().endSpec()
                                .build()
                        : item;
                client.resource(object).inNamespace(namespace).create();
            }
        }
    }

    @AfterAll
    static void deleteIt() {
        ItCluster.delete(client, namespace);
    }

    static class Fixture {

        @RedisHACluster(provision = false)
        static HACluster cluster;

        @Test
        void attachedToAReplicatingStack() {
            assertThat(cluster.namespace()).isEqualTo(namespace);
            var master = cluster.master().connection().sync();
            master.set("rha:attached", "yes");
            assertThat(master.waitForReplication(2, 5_000)).isEqualTo(2);
            for (RedisNode replica : cluster.replicas()) {
                assertThat(replica.connection().sync().get("rha:attached")).isEqualTo("yes");
            }
        }
    }

    @Test
    void attachesAndDeletesNothing() {
        Map<String, String> before = uids();

        var results = ItCluster.run(Fixture.class, Map.of(RedisHACluster.NAMESPACE_KEY, namespace,
                RedisHACluster.CLEANUP_KEY, "ALWAYS"));

        ItCluster.assertAllPassed(results, 1);
        ItCluster.assertKept(client, namespace);
        // even with cleanup = ALWAYS: the same objects, none deleted or recreated
        assertThat(uids()).isEqualTo(before);
        assertThat(client.pods().inNamespace(namespace).list().getItems())
                .allSatisfy(pod -> assertThat(pod.getMetadata().getDeletionTimestamp()).isNull())
                .hasSize(3);
    }

    static class ExpectingThreeReplicas {

        @RedisHACluster(provision = false, replicas = 3, startupTimeout = "20s")
        static HACluster cluster;

        @Test
        void never() {}
    }

    @Test
    void aStackThatNeverMatchesFailsAtTheTimeoutWithEvidenceAndDeletesNothing() {
        Map<String, String> before = uids();

        var results = ItCluster.run(ExpectingThreeReplicas.class, Map.of(RedisHACluster.NAMESPACE_KEY, namespace));

        assertThat(ItCluster.failures(results)).singleElement().satisfies(failure -> assertThat(failure)
                .isInstanceOf(RedisHAProvisioningException.class)
                .hasMessageStartingWith("Redis HA cluster in namespace " + namespace + " did not run within"
                        + " 20.0 s: ")
                .hasMessageContaining("Expecting 4 Redis pods in namespace " + namespace + " (1 master and 3"
                        + " replicas, from replicas = 3) but found 3: redis-master-0, redis-slave-0, redis-slave-1")
                .hasMessageContaining("Pods in namespace " + namespace + ":")
                .hasMessageContaining("INFO replication of redis-master-0:")
                .hasMessageContaining("Nothing was deleted (attach mode)."));
        ItCluster.assertKept(client, namespace);
        assertThat(uids()).isEqualTo(before);
    }

    /** kind/name → uid of everything the stack consists of (PVCs included, once they exist). */
    private static Map<String, String> uids() {
        Map<String, String> uids = new TreeMap<>();
        List<? extends HasMetadata> objects = java.util.stream.Stream.of(
                        client.apps().statefulSets().inNamespace(namespace).list().getItems(),
                        client.services().inNamespace(namespace).list().getItems())
                .flatMap(List::stream)
                .toList();
        objects.forEach(o -> uids.put(o.getKind() + "/" + o.getMetadata().getName(), o.getMetadata().getUid()));
        return uids;
    }

}
