package io.github.redishajunit.internal;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.LocalPortForward;
import io.github.redishajunit.ConnectionSettings;
import io.github.redishajunit.Endpoint;
import io.github.redishajunit.RedisPod;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.InetAddress;
import java.util.List;

/**
 * A Redis pod: a port-forward to its Redis port and a Lettuce connection through it, both opened on first use (and
 * again when the port-forward died) and closed with the node. The pod itself, and so its address, is read from the
 * namespace's watch: no getter calls the API server.
 */
final class PodNode implements RedisPod, AutoCloseable {

    static final int REDIS_PORT = 6379;

    private final KubernetesClient client;
    private final NamespaceWatch watch;
    private final String namespace;
    private final String name;
    private final Role role;
    private final String container;
    private final RedisClient redis;
    private final ConnectionSettings settings;
    private LocalPortForward portForward;
    private StatefulRedisConnection<String, String> connection;

    PodNode(KubernetesClient client, NamespaceWatch watch, String name, Role role, String container, RedisClient redis,
            ConnectionSettings settings) {
        this.client = client;
        this.watch = watch;
        this.namespace = watch.namespace();
        this.name = name;
        this.role = role;
        this.container = container;
        this.redis = redis;
        this.settings = settings;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Role role() {
        return role;
    }

    @Override
    public String namespace() {
        return namespace;
    }

    @Override
    public Pod pod() {
        return watch.pod(name).orElse(null);
    }

    @Override
    public String hostAddress() {
        Pod pod = pod();
        if (pod == null || pod.getStatus() == null || pod.getStatus().getPodIP() == null) {
            throw new IllegalStateException("pod " + name + " in namespace " + namespace + " has no IP (yet)");
        }
        return pod.getStatus().getPodIP();
    }

    /** The pod IP and the Redis port: where the other pods reach it. */
    @Override
    public Endpoint address() {
        return new Endpoint(hostAddress(), REDIS_PORT);
    }

    @Override
    public synchronized Endpoint endpoint() {
        if (portForward == null || !portForward.isAlive()) {
            closePortForward();
            // loopback only: a port-forward on every interface would open the pod to the network
            portForward = client.pods().inNamespace(namespace).withName(name)
                    .portForward(REDIS_PORT, InetAddress.getLoopbackAddress(), 0);
        }
        return new Endpoint(portForward.getLocalAddress().getHostAddress(), portForward.getLocalPort());
    }

    /** Whether a port-forward has been opened (progress and evidence use it). */
    synchronized boolean portForwardOpen() {
        return portForward != null && portForward.isAlive();
    }

    @Override
    public synchronized StatefulRedisConnection<String, String> connection() {
        if (connection != null && (!connection.isOpen() || !portForwardOpen())) {
            connection.close();
            connection = null;
        }
        if (connection == null) {
            connection = redis.connect(settings.uri(endpoint()));
        }
        return connection;
    }

    @Override
    public List<String> logs() {
        String log = client.pods().inNamespace(namespace).withName(name).inContainer(container).getLog();
        return log == null || log.isEmpty() ? List.of() : List.of(log.split("\\R"));
    }

    /** The last {@code lines} lines of a container's log (the Redis one unless named), for evidence. */
    String logTail(String containerName, int lines, boolean previous) {
        var pod = client.pods().inNamespace(namespace).withName(name).inContainer(containerName);
        return previous ? pod.terminated().tailingLines(lines).getLog() : pod.tailingLines(lines).getLog();
    }

    String container() {
        return container;
    }

    @Override
    public synchronized void close() {
        try {
            if (connection != null) {
                connection.close();
            }
        } finally {
            connection = null;
            closePortForward();
        }
    }

    private void closePortForward() {
        if (portForward != null) {
            try {
                portForward.close();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("Cannot close the port-forward to pod " + name + " in namespace "
                        + namespace, e);
            } finally {
                portForward = null;
            }
        }
    }

    @Override
    public String toString() {
        return name + " (" + role.name().toLowerCase(java.util.Locale.ROOT) + ", namespace " + namespace + ")";
    }
}
