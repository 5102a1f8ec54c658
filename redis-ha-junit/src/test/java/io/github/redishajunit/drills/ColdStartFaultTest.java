package io.github.redishajunit.drills;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redishajunit.HACluster;
import io.github.redishajunit.RedisNode;
import io.github.redishajunit.RedisPod;
import io.github.redishajunit.RedisSentinel;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.lang.reflect.Proxy;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cold-start drill's disruption: every pod of the stack deleted, against fabric8's mock server in CRUD mode. */
@EnableKubernetesMockClient(crud = true)
class ColdStartFaultTest {

    static KubernetesClient client;

    @Test
    void everyDataPodAndEverySentinelPodIsDeletedAndNothingElse() {
        List.of("redis-master-0", "redis-slave-0", "redis-slave-1", "sentinel-0", "sentinel-1", "app-0")
                .forEach(this::pod);
        HACluster cluster = cluster(List.of("redis-master-0", "redis-slave-0", "redis-slave-1"),
                List.of("sentinel-0", "sentinel-1"));

        Fault.COLD_START.inflict(cluster, (RedisPod) cluster.master());

        assertThat(client.pods().inNamespace("rha-x").list().getItems()).extracting(p -> p.getMetadata().getName())
                .containsExactly("app-0");
    }

    @Test
    void aSentinelSidecarsPodIsNamedOnce() {
        HACluster sidecars = cluster(List.of("cache-node-0", "cache-node-1", "cache-node-2"),
                List.of("cache-node-0", "cache-node-1", "cache-node-2"));
        HACluster separate = cluster(List.of("redis-master-0", "redis-slave-0"), List.of("sentinel-0"));

        assertThat(Fault.pods(sidecars)).containsExactly("cache-node-0", "cache-node-1", "cache-node-2");
        assertThat(Fault.pods(separate)).containsExactly("redis-master-0", "redis-slave-0", "sentinel-0");
        assertThat(Fault.COLD_START.drill("master")).isEqualTo("cold start (every pod deleted)");
        assertThat(Fault.COLD_START.happened("cache-node-0"))
                .isEqualTo("every pod of the stack was deleted at once (cold start)");
        assertThat(Fault.COLD_START.noun()).isEqualTo("the cold start");
    }

    private void pod(String name) {
        client.pods().inNamespace("rha-x").resource(new PodBuilder().withNewMetadata().withName(name)
                .withNamespace("rha-x").endMetadata().build()).create();
    }

    /** A handle that answers only what the cold start asks: the client, the namespace, the pods' names. */
    private static HACluster cluster(List<String> data, List<String> sentinels) {
        List<RedisNode> nodes = data.stream().map(name -> (RedisNode) proxy(RedisPod.class, name)).toList();
        List<RedisSentinel> watching = sentinels.stream().map(name -> proxy(RedisSentinel.class, name)).toList();
        return (HACluster) Proxy.newProxyInstance(HACluster.class.getClassLoader(), new Class<?>[] {HACluster.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "client" -> client;
                    case "namespace" -> "rha-x";
                    case "master" -> nodes.get(0);
                    case "replicas" -> nodes.subList(1, nodes.size());
                    case "nodes" -> nodes;
                    case "sentinels" -> watching;
                    case "location" -> "namespace rha-x";
                    default -> throw new AssertionError("the cold start must not ask for " + method.getName());
                });
    }

    private static <T> T proxy(Class<T> type, String name) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> switch (method.getName()) {
                    case "name" -> name;
                    case "toString" -> name;
                    default -> throw new AssertionError("the cold start must not ask " + name + " for "
                            + method.getName());
                }));
    }
}
