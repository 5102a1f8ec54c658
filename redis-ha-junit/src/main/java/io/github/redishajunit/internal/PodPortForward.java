package io.github.redishajunit.internal;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.LocalPortForward;
import io.github.redishajunit.Endpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.List;

/**
 * One container of a pod as this JVM reaches it: fabric8's port-forward to its port, on loopback, opened on first use
 * and again when it died; and its log.
 */
final class PodPortForward implements AutoCloseable {

    private final KubernetesClient client;
    private final String namespace;
    private final String pod;
    private final String container;
    private final int port;
    private LocalPortForward forward;

    PodPortForward(KubernetesClient client, String namespace, String pod, String container, int port) {
        this.client = client;
        this.namespace = namespace;
        this.pod = pod;
        this.container = container;
        this.port = port;
    }

    /** The container's log, split in lines, oldest first. */
    List<String> logs() {
        String log = client.pods().inNamespace(namespace).withName(pod).inContainer(container).getLog();
        return log == null || log.isEmpty() ? List.of() : List.of(log.split("\\R"));
    }

    /** Where this JVM reaches the pod's port. */
    synchronized Endpoint endpoint() {
        if (forward == null || !forward.isAlive()) {
            close();
            // loopback only: a port-forward on every interface would open the pod to the network
            forward = client.pods().inNamespace(namespace).withName(pod)
                    .portForward(port, InetAddress.getLoopbackAddress(), 0);
        }
        return new Endpoint(forward.getLocalAddress().getHostAddress(), forward.getLocalPort());
    }

    synchronized boolean open() {
        return forward != null && forward.isAlive();
    }

    @Override
    public synchronized void close() {
        if (forward != null) {
            try {
                forward.close();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot close the port-forward to port " + port + " of pod " + pod
                        + " in namespace " + namespace, e);
            } finally {
                forward = null;
            }
        }
    }
}
