package io.github.redishajunit.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.redishajunit.CleanupPolicy;
import io.github.redishajunit.RedisHACluster;
import io.github.redishajunit.RedisHAProvisioningException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/** Stacks that cannot start fail within seconds, naming the pod and the reason, not after the startup timeout. */
class FailFastIT {

    @ClusterClient
    private static KubernetesClient client;

    @RedisHACluster(image = "redis:0.0.0-does-not-exist", startupTimeout = "3m", cleanup = CleanupPolicy.ALWAYS)
    static class BadImage {
        @Test
        void never() {}
    }

    @RedisHACluster(storageClass = "no-such-class")
    static class MissingStorageClass {
        @Test
        void never() {}
    }

    @Test
    void anImageThatCannotBePulled() {
        long start = System.nanoTime();
        var results = ItCluster.run(BadImage.class, Map.of());
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        Throwable failure = ItCluster.failures(results).get(0);
        assertThat(failure).isInstanceOf(RedisHAProvisioningException.class)
                .hasMessageMatching("(?s)Redis HA cluster in namespace (rha-badimage-[a-z0-9]{5}) cannot start: pod"
                        + " redis-(master|slave)-\\d is (ErrImagePull|ImagePullBackOff): container [a-z-]+ \\(image"
                        + " redis:0\\.0\\.0-does-not-exist\\).*")
                .hasMessageContaining("Pods in namespace rha-badimage-")
                .hasMessageContaining("Recent events in namespace rha-badimage-")
                .hasMessageContaining("Deleted namespace rha-badimage-")
                .hasMessageContaining("Evidence written to ");
        assertThat(took).as("time to fail").isLessThan(Duration.ofSeconds(60));
        String namespace = failure.getMessage().replaceFirst("(?s)Redis HA cluster in namespace (\\S+) .*", "$1");
        ItCluster.awaitGone(client, namespace, Duration.ofMinutes(2));
        System.out.printf("FailFastIT: bad image failed after %d ms%n", took.toMillis());
    }

    @Test
    void aStorageClassThatDoesNotExist() {
        var before = client.namespaces().list().getItems().size();
        var results = ItCluster.run(MissingStorageClass.class, Map.of());

        Throwable failure = ItCluster.failures(results).get(0);
        assertThat(failure).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageMatching("@RedisHACluster: StorageClass no-such-class does not exist on \\S+ \\(available:"
                        + " .*local-path.*\\)\\. Fix: set @RedisHACluster\\(storageClass = \"\\.\\.\\.\"\\) or"
                        + " redis\\.ha\\.storageClass to one of them\\.");
        assertThat(client.namespaces().list().getItems()).as("namespaces").hasSizeLessThanOrEqualTo(before)
                .noneMatch(ns -> ns.getMetadata().getName().startsWith("rha-missingstorageclass-"));
    }
}
