package io.github.redishajunit.internal.topology;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.redishajunit.ConnectionSettings;
import io.github.redishajunit.Endpoint;
import io.github.redishajunit.RedisSentinel;
import io.github.redishajunit.internal.credentials.SentinelLogins;
import io.github.redishajunit.internal.discovery.StackDiscovery;
import io.github.redishajunit.internal.pods.AnnouncedAddress;
import io.github.redishajunit.internal.pods.NamespaceWatch;
import io.github.redishajunit.internal.pods.PodConnection;
import io.github.redishajunit.internal.pods.PodPort;
import io.lettuce.core.RedisClient;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;
import java.util.List;

/**
 * A Sentinel container of a pod (a sidecar or a pod of its own), reached through a port-forward and logged in to as
 * {@link SentinelLogins} finds it accepts.
 */
final class SentinelPod implements RedisSentinel, AutoCloseable {

    private final KubernetesClient client;
    private final NamespaceWatch watch;
    private final String name;
    private final String container;
    private final int port;
    private final PodPort podPort;
    private final boolean tls;
    private final PodConnection<StatefulRedisSentinelConnection<String, String>> connection;

    SentinelPod(KubernetesClient client, NamespaceWatch watch, StackDiscovery.Served served, RedisClient redis,
            ConnectionSettings settings, SentinelLogins logins, boolean direct) {
        this.client = client;
        this.watch = watch;
        this.name = served.pod();
        this.container = served.container();
        this.port = served.port();
        this.podPort = PodPort.of(direct, client, watch, name, port);
        this.tls = settings.tls().isPresent();
        this.connection = new PodConnection<>(podPort, endpoint -> logins.connect(redis, settings, named(endpoint),
                name + " in namespace " + watch.namespace()));
    }

    /** With TLS, the endpoint carries the pod's own DNS name: the name its certificate is checked against. */
    private Endpoint named(Endpoint endpoint) {
        return tls ? endpoint.withServerName(PodNode.dnsName(watch, name)) : endpoint;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Endpoint address() {
        return new Endpoint(watch.podIp(name), port);
    }

    int port() {
        return port;
    }

    /** Whether a server handing out {@code host:port} means this Sentinel ({@link AnnouncedAddress#names}). */
    boolean isAt(String host, int port) {
        return AnnouncedAddress.names(watch, name, container, this.port, host, port);
    }

    @Override
    public Endpoint endpoint() {
        return named(podPort.endpoint());
    }

    @Override
    public StatefulRedisSentinelConnection<String, String> connection() {
        return connection.get();
    }

    @Override
    public List<String> logs() {
        return PodPort.logs(client, watch.namespace(), name, container);
    }

    @Override
    public void close() {
        connection.close();
    }

    @Override
    public String toString() {
        return name + " (sentinel, namespace " + watch.namespace() + ")";
    }
}
