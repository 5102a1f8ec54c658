package io.github.redishajunit.internal.pods;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.redishajunit.Endpoint;
import java.util.List;
import org.apiguardian.api.API;

/**
 * Where this JVM reaches one container port of a pod: through a port-forward on loopback from a workstation
 * ({@link PodPortForward}), or at the pod's own address from inside the cluster ({@link PodAddress}). Checks ask for
 * an endpoint and never know which.
 */
@API(status = API.Status.INTERNAL)
public sealed interface PodPort extends AutoCloseable permits PodPortForward, PodAddress {

    /** Where this JVM reaches the port now (opening what it needs). */
    Endpoint endpoint();

    /** Whether the last endpoint handed out still reaches the same pod (a connection to it need not be reopened). */
    boolean open();

    @Override
    void close();

    /**
     * The port of {@code pod}'s {@code container}: at the pod's address when {@code direct} (this JVM runs in the
     * cluster's pod network), else through a port-forward.
     */
    static PodPort of(boolean direct, KubernetesClient client, NamespaceWatch watch, String pod, int port) {
        return direct ? new PodAddress(watch, pod, port) : new PodPortForward(client, watch.namespace(), pod, port);
    }

    /** A container's log, split in lines, oldest first. */
    static List<String> logs(KubernetesClient client, String namespace, String pod, String container) {
        String log = client.pods().inNamespace(namespace).withName(pod).inContainer(container).getLog();
        return log == null || log.isEmpty() ? List.of() : List.of(log.split("\\R"));
    }
}
