package io.github.redishajunit.internal.pods;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.LocalPortForward;
import io.github.redishajunit.Endpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;

/**
 * A pod's port as a workstation reaches it: fabric8's port-forward to it, on loopback, opened on first use and again
 * when it died.
 */
final class PodPortForward implements PodPort {

    private final KubernetesClient client;
    private final String namespace;
    private final String pod;
    private final int port;
    private LocalPortForward forward;

    PodPortForward(KubernetesClient client, String namespace, String pod, int port) {
        this.client = client;
        this.namespace = namespace;
        this.pod = pod;
        this.port = port;
    }

    @Override
    public synchronized Endpoint endpoint() {
        if (forward == null || !forward.isAlive()) {
            close();
            // loopback only: a port-forward on every interface would open the pod to the network
            forward = client.pods().inNamespace(namespace).withName(pod)
                    .portForward(port, InetAddress.getLoopbackAddress(), 0);
        }
        return new Endpoint(forward.getLocalAddress().getHostAddress(), forward.getLocalPort());
    }

    @Override
    public synchronized boolean open() {
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
