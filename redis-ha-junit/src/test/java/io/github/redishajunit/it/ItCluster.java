package io.github.redishajunit.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.redishajunit.internal.cluster.TestClusters;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.awaitility.Awaitility;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * What the integration tests share: a client for the cluster the extension will use (the same resolution:
 * {@code -Dredis.ha.kubeconfig}, else KUBECONFIG / ~/.kube/config), which fails loudly when there is none, and
 * running fixture classes through the engine test kit; and what the tests expect of the cluster they run on (a
 * node's address, the default StorageClass, how many nodes it has), read from its API rather than written down for
 * one cluster.
 */
final class ItCluster {

    /** The annotation that makes a StorageClass the cluster's default. */
    static final String DEFAULT_CLASS = "storageclass.kubernetes.io/is-default-class";

    private ItCluster() {}

    static KubernetesClient client() {
        return TestClusters.client();
    }

    /** The InternalIP of {@code node}: the address a NodePort on that node has (the pods' {@code status.hostIP}). */
    static String internalIp(KubernetesClient client, String node) {
        Node found = client.nodes().withName(node).get();
        assertThat(found).as("node %s", node).isNotNull();
        List<NodeAddress> addresses = Objects.requireNonNullElse(found.getStatus().getAddresses(), List.of());
        return addresses.stream().filter(a -> "InternalIP".equals(a.getType())).map(NodeAddress::getAddress)
                .findFirst()
                .orElseThrow(() -> new AssertionError("Expecting node " + node + " to have an InternalIP but its"
                        + " addresses are "
                        + addresses.stream().map(a -> a.getType() + " " + a.getAddress()).toList()));
    }

    /** The InternalIP of the node pod {@code pod} in {@code namespace} runs on. */
    static String nodeIpOf(KubernetesClient client, String namespace, String pod) {
        Pod found = client.pods().inNamespace(namespace).withName(pod).get();
        assertThat(found).as("pod %s in namespace %s", pod, namespace).isNotNull();
        String node = found.getSpec().getNodeName();
        assertThat(node).as("node of pod %s in namespace %s", pod, namespace).isNotNull();
        return internalIp(client, node);
    }

    /** The StorageClass annotated {@value #DEFAULT_CLASS}: the one a claim that names none gets. */
    static String defaultStorageClass(KubernetesClient client) {
        List<StorageClass> classes = client.storage().v1().storageClasses().list().getItems();
        List<String> defaults = classes.stream().filter(ItCluster::isDefault).map(sc -> sc.getMetadata().getName())
                .toList();
        assertThat(defaults).as("Expecting the cluster %s to have one default StorageClass (annotated %s=true),"
                + " StorageClasses: %s", client.getMasterUrl(), DEFAULT_CLASS,
                classes.stream().map(sc -> sc.getMetadata().getName()).toList()).hasSize(1);
        return defaults.get(0);
    }

    /** Every StorageClass as the extension lists them when one is missing: {@code local-path (default), standard}. */
    static String storageClassListing(KubernetesClient client) {
        List<StorageClass> classes = client.storage().v1().storageClasses().list().getItems();
        return classes.isEmpty() ? "none" : String.join(", ", classes.stream()
                .map(sc -> sc.getMetadata().getName() + (isDefault(sc) ? " (default)" : "")).toList());
    }

    private static boolean isDefault(StorageClass sc) {
        return sc.getMetadata().getAnnotations() != null
                && "true".equals(sc.getMetadata().getAnnotations().get(DEFAULT_CLASS));
    }

    /**
     * The closing line of a certification, from its counts on a cluster of one node, where step 6b (placement) is
     * N/A: on a cluster of several nodes 6b applies and, for pods spread by the scheduler, counts as passed (PASS,
     * or WARN where pods share a node): one passed more, one skipped fewer.
     */
    static String certificationLine(KubernetesClient client, int passedOnOneNode, int failed, int skippedOnOneNode) {
        int placement = client.nodes().list().getItems().size() > 1 ? 1 : 0;
        return "certification: " + (passedOnOneNode + placement) + " passed, " + failed + " failed, "
                + (skippedOnOneNode - placement) + " skipped";
    }

    static EngineExecutionResults run(Class<?> fixture, Map<String, String> parameters) {
        return run(List.of(fixture), parameters);
    }

    /** One run (one root context) of several fixture classes. */
    static EngineExecutionResults run(List<Class<?>> fixtures, Map<String, String> parameters) {
        return EngineTestKit.engine("junit-jupiter")
                // as under surefire/failsafe: -Dredis.ha.* system properties act as configuration parameters
                .enableImplicitConfigurationParameters(true)
                .configurationParameters(parameters)
                .selectors(fixtures.stream().map(fixture -> selectClass(fixture)).toArray(DiscoverySelector[]::new))
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

    /** Deletes a namespace a test kept and waits until it is gone, so the next class starts on a quiet cluster. */
    static void delete(KubernetesClient client, String namespace) {
        if (namespace != null) {
            client.namespaces().withName(namespace).delete();
            awaitGone(client, namespace, Duration.ofMinutes(3));
        }
    }
}
