package io.github.redishajunit.internal.pods;

import io.github.redishajunit.Endpoint;

/**
 * A pod's port at the pod's own address, as the namespace's informer last saw it: for a JVM inside the cluster, which
 * needs no port-forward (nor the {@code pods/portforward} permission). A pod recreated at another address is no
 * longer {@link #open()}, so its connection is opened again at the new one.
 */
final class PodAddress implements PodPort {

    private final NamespaceWatch watch;
    private final String pod;
    private final int port;
    private String inUse;

    PodAddress(NamespaceWatch watch, String pod, int port) {
        this.watch = watch;
        this.pod = pod;
        this.port = port;
    }

    /**
     * @throws IllegalStateException while the pod does not exist or has no IP
     */
    @Override
    public synchronized Endpoint endpoint() {
        inUse = watch.podIp(pod);
        return new Endpoint(inUse, port);
    }

    @Override
    public synchronized boolean open() {
        try {
            return inUse != null && inUse.equals(watch.podIp(pod));
        } catch (IllegalStateException gone) {
            return false;
        }
    }

    @Override
    public synchronized void close() {
        inUse = null;
    }
}
