package io.github.redishajunit.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.redishajunit.CleanupPolicy;
import io.github.redishajunit.RedisHACluster;
import io.github.redishajunit.RedisHAProvisioningException;
import io.github.redishajunit.internal.readiness.ReplicationReadiness;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * Stacks that cannot start fail at once, naming the pod and the reason, from the readiness wait's check for what
 * waiting cannot fix, not at the end of the startup timeout.
 */
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
        // failed fast: the readiness wait's check for what waiting cannot fix (a StackFailure, "cannot start")
        // ended it, not its 3 min deadline (a ConditionTimeoutException, "did not replicate within 3m")
        assertThat(failure).isInstanceOf(RedisHAProvisioningException.class)
                .hasMessageMatching("(?s)Redis HA cluster in namespace (rha-badimage-[a-z0-9]{5}) cannot start: pod"
                        + " redis-(master|slave)-\\d is (ErrImagePull|ImagePullBackOff): container [a-z-]+ \\(image"
                        + " redis:0\\.0\\.0-does-not-exist\\).*")
                .hasMessageNotContaining("did not replicate within")
                .hasMessageContaining("Pods in namespace rha-badimage-")
                .hasMessageContaining("Recent events in namespace rha-badimage-")
                .hasMessageContaining("Deleted namespace rha-badimage-")
                .hasMessageContaining("Evidence written to ")
                .hasCauseInstanceOf(ReplicationReadiness.StackFailure.class);
        String namespace = failure.getMessage().replaceFirst("(?s)Redis HA cluster in namespace (\\S+) .*", "$1");
        ItCluster.awaitGone(client, namespace, Duration.ofMinutes(2));
        System.out.printf("FailFastIT: bad image failed after %d ms%n", took.toMillis());
    }

    @Test
    void aStorageClassThatDoesNotExist() {
        var before = client.namespaces().list().getItems().size();
        var results = ItCluster.run(MissingStorageClass.class, Map.of());

        Throwable failure = ItCluster.failures(results).get(0);
        // the classes this cluster has, as the extension lists them (on the local cluster: local-path (default))
        assertThat(failure).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageMatching("@RedisHACluster: StorageClass no-such-class does not exist on \\S+ \\(available: "
                        + Pattern.quote(ItCluster.storageClassListing(client)) + "\\)\\. Fix: set @RedisHACluster"
                        + "\\(storageClass = \"\\.\\.\\.\"\\) or redis\\.ha\\.storageClass to one of them\\.");
        assertThat(client.namespaces().list().getItems()).as("namespaces").hasSizeLessThanOrEqualTo(before)
                .noneMatch(ns -> ns.getMetadata().getName().startsWith("rha-missingstorageclass-"));
    }
}
