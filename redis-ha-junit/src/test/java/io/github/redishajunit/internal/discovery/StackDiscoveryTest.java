package io.github.redishajunit.internal.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Containers recognised by what they serve: a port, a port's name, or, with no port declared, what they run. */
class StackDiscoveryTest {

    private static Pod pod(UnaryOperator<ContainerBuilder>... containers) {
        PodBuilder pod = new PodBuilder().withNewMetadata().withName("kv-0").endMetadata().withNewSpec().endSpec();
        int i = 0;
        for (UnaryOperator<ContainerBuilder> container : containers) {
            pod.editSpec().addToContainers(container.apply(new ContainerBuilder().withName("c" + i++)).build())
                    .endSpec();
        }
        return pod.build();
    }

    @Test
    void anOperatorsContainerWithoutPortsIsFoundByItsImageOrCommandAndItsPortOption() {
        Pod byImage = pod(c -> c.withImage("registry.example/team/valkey:8.1"),
                c -> c.withImage("registry.example/team/redis-exporter:1.6").addNewPort().withContainerPort(9121)
                        .endPort());
        assertThat(StackDiscovery.redisContainer(byImage)).get()
                .extracting(StackDiscovery.Served::container, StackDiscovery.Served::port).containsExactly("c0", 6379);

        Pod byCommand = pod(c -> c.withImage("busybox").withCommand("/usr/local/bin/redis-server")
                .withArgs("/conf/kv.conf", "--port", "7001"));
        assertThat(StackDiscovery.redisContainer(byCommand)).get().extracting(StackDiscovery.Served::port)
                .isEqualTo(7001);
        assertThat(StackDiscovery.sentinelContainer(byCommand)).isEmpty();
    }

    @Test
    void aSentinelWithoutPortsIsASentinelNotADataNode() {
        Pod sentinel = pod(c -> c.withImage("registry.example/team/redis-sentinel@sha256:abc"));
        assertThat(StackDiscovery.redisContainer(sentinel)).isEmpty();
        assertThat(StackDiscovery.sentinelContainer(sentinel)).get().extracting(StackDiscovery.Served::port)
                .isEqualTo(26379);

        Pod sentinelMode = pod(c -> c.withImage("valkey/valkey:8.1").withArgs("/conf/s.conf", "--sentinel"));
        assertThat(StackDiscovery.redisContainer(sentinelMode)).isEmpty();
        assertThat(StackDiscovery.sentinelContainer(sentinelMode)).isPresent();
    }

    @Test
    void aDeclaredPortWinsAndOtherProgramsAreNotRedis() {
        Pod declared = pod(c -> c.withImage("valkey/valkey:8.1").addNewPort().withName("tcp-valkey")
                .withContainerPort(6380).endPort());
        assertThat(StackDiscovery.redisContainer(declared)).get().extracting(StackDiscovery.Served::port,
                StackDiscovery.Served::how).containsExactly(6380, "port name tcp-valkey");
        assertThat(StackDiscovery.redisContainer(pod(c -> c.withImage("nginx:1.27"),
                c -> c.withImage("example/redisson-app:2")))).isEmpty();
    }

    @Test
    void aWordRedisOnAnotherProgramsCommandLineIsAnArgumentNotTheServer() {
        // the in-cluster certification's own Job pod, certifying namespace redis, sits among the pods it reads
        Pod certify = pod(c -> c.withImage("redis-ha-junit/certify:0.1.0").withArgs("--namespace", "redis",
                "--reports", "/reports"));
        assertThat(StackDiscovery.redisContainer(certify)).isEmpty();
        assertThat(StackDiscovery.sentinelContainer(certify)).isEmpty();
        Pod client = pod(c -> c.withImage("busybox").withCommand("sh", "-c", "nc redis 6379 < /dev/null"));
        assertThat(StackDiscovery.redisContainer(client)).isEmpty();
    }
}
