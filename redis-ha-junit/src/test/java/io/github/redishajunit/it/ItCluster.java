package io.github.redishajunit.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.github.redishajunit.RedisHACluster;
import io.github.redishajunit.internal.ClientKeyAlgorithm;
import io.github.redishajunit.internal.ClusterTarget;
import io.github.redishajunit.internal.ConfigResolver;
import java.io.File;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * What the integration tests share: a client for the cluster the extension will use (the same resolution:
 * {@code -Dredis.ha.kubeconfig}, else KUBECONFIG / ~/.kube/config), which fails loudly when there is none, and
 * running fixture classes through the engine test kit.
 */
final class ItCluster {

    private ItCluster() {}

    static KubernetesClient client() {
        // the same choice the extension makes; fails listing what was tried when there is no cluster
        var selection = ClusterTarget.select(
                new ConfigResolver(key -> Optional.ofNullable(System.getProperty(key))).targetSettings(),
                ClusterTarget.Environment.current());
        if (selection instanceof ClusterTarget.Selection.EmbeddedK3s) {
            throw new AssertionError("The integration tests need a Kubernetes cluster, and only an embedded K3s is"
                    + " available (" + selection.describe() + "). Start one (scripts/local-cluster up) and set"
                    + " KUBECONFIG or -D" + RedisHACluster.KUBECONFIG_KEY + "=<kubeconfig>.");
        }
        String kubeconfig = System.getProperty(RedisHACluster.KUBECONFIG_KEY);
        Config config = kubeconfig != null
                ? Config.fromKubeconfig(System.getProperty(RedisHACluster.CONTEXT_KEY), new File(kubeconfig))
                : Config.autoConfigure(System.getProperty(RedisHACluster.CONTEXT_KEY));
        config.setRequestRetryBackoffLimit(0);
        KubernetesClient client = new KubernetesClientBuilder().withConfig(ClientKeyAlgorithm.fix(config)).build();
        try {
            client.getKubernetesVersion();
        } catch (KubernetesClientException e) {
            client.close();
            throw new AssertionError("The integration tests need a Kubernetes cluster and " + config.getMasterUrl()
                    + " does not answer (" + e.getMessage() + "). Start one (scripts/local-cluster up) and set"
                    + " KUBECONFIG or -D" + RedisHACluster.KUBECONFIG_KEY + "=<kubeconfig>.", e);
        }
        return client;
    }

    static EngineExecutionResults run(Class<?> fixture, Map<String, String> parameters) {
        return EngineTestKit.engine("junit-jupiter")
                .configurationParameters(parameters)
                .selectors(selectClass(fixture))
                .execute();
    }

    static List<Throwable> failures(EngineExecutionResults results) {
        return results.allEvents().failed().stream()
                .map(ItCluster::throwable)
                .toList();
    }

    static Throwable throwable(Event event) {
        return event.getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow();
    }

    static void assertAllPassed(EngineExecutionResults results, int tests) {
        assertThat(failures(results)).as("failures").isEmpty();
        results.testEvents().assertStatistics(stats -> stats.started(tests).succeeded(tests).failed(0));
    }

    static void awaitGone(KubernetesClient client, String namespace, Duration timeout) {
        Awaitility.await("namespace " + namespace + " to be deleted")
                .atMost(timeout)
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(client.namespaces().withName(namespace).get())
                        .as("namespace %s", namespace)
                        .isNull());
    }

    static void assertKept(KubernetesClient client, String namespace) {
        Namespace ns = client.namespaces().withName(namespace).get();
        assertThat(ns).as("namespace %s", namespace).isNotNull();
        assertThat(ns.getMetadata().getDeletionTimestamp()).as("deletion of %s", namespace).isNull();
    }

    static void delete(KubernetesClient client, String namespace) {
        if (namespace != null) {
            client.namespaces().withName(namespace).delete();
        }
    }
}
