package io.github.redishajunit.internal.topology;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.redishajunit.ConnectionSettings;
import io.github.redishajunit.Endpoint;
import io.github.redishajunit.RedisPod;
import io.github.redishajunit.internal.discovery.StackDiscovery;
import io.github.redishajunit.internal.pods.AnnouncedAddress;
import io.github.redishajunit.internal.pods.NamespaceWatch;
import io.github.redishajunit.internal.pods.PodConnection;
import io.github.redishajunit.internal.pods.PodPort;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.List;
import java.util.Optional;
import java.util.Locale;
import org.apiguardian.api.API;

/**
 * A Redis pod: a port-forward to its Redis port and a Lettuce connection through it, both opened on first use (and
 * again when the port-forward died) and closed with the node. The pod itself, and so its address, is read from the
 * namespace's watch: no getter calls the API server. Its role is what its server said when last asked ({@link
 * KubernetesHACluster#observeRoles()}).
 */
@API(status = API.Status.INTERNAL)
public final class PodNode implements RedisPod, AutoCloseable {

    private final KubernetesClient client;
    private final NamespaceWatch watch;
    private final String namespace;
    private final String name;
    private final String container;
    private final int port;
    private final PodPort podPort;
    private final PodConnection<StatefulRedisConnection<String, String>> connection;
    private volatile Role role = Role.REPLICA;
    private final boolean tls;

    PodNode(KubernetesClient client, NamespaceWatch watch, StackDiscovery.Served served, RedisClient redis,
            ConnectionSettings settings, boolean direct) {
        this.client = client;
        this.watch = watch;
        this.namespace = watch.namespace();
        this.name = served.pod();
        this.container = served.container();
        this.port = served.port();
        this.podPort = PodPort.of(direct, client, watch, name, port);
        this.tls = settings.tls().isPresent();
        this.connection = new PodConnection<>(podPort, endpoint -> redis.connect(settings.uri(named(endpoint))));
    }

    /** With TLS, the endpoint carries the pod's own DNS name: the name its certificate is checked against. */
    private Endpoint named(Endpoint endpoint) {
        return tls ? endpoint.withServerName(dnsName(watch, name)) : endpoint;
    }

    /**
     * A pod's own DNS name: {@code hostname.subdomain.namespace.svc.cluster.local} where it has a subdomain (a
     * StatefulSet's headless Service), else its hostname.
     */
    static String dnsName(NamespaceWatch watch, String pod) {
        Optional<Pod> observed = watch.pod(pod);
        String host = observed.map(p -> p.getSpec().getHostname()).filter(h -> !h.isBlank()).orElse(pod);
        return observed.map(p -> p.getSpec().getSubdomain()).filter(d -> !d.isBlank())
                .map(d -> host + "." + d + "." + watch.namespace() + ".svc.cluster.local").orElse(host);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Role role() {
        return role;
    }

    void role(Role observed) {
        this.role = observed;
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
        return watch.podIp(name);
    }

    /** The pod IP and the Redis port: where the other pods reach it. */
    @Override
    public Endpoint address() {
        return new Endpoint(hostAddress(), port);
    }

    int port() {
        return port;
    }

    /** Whether a server handing out {@code host:port} means this pod ({@link AnnouncedAddress#names}). */
    @Override
    public boolean isAt(String host, int port) {
        return AnnouncedAddress.names(watch, name, container, this.port, host, port);
    }

    @Override
    public Endpoint endpoint() {
        return named(podPort.endpoint());
    }

    /** Whether its port has been reached (a port-forward opened; progress and evidence use it). */
    boolean portOpen() {
        return podPort.open();
    }

    @Override
    public StatefulRedisConnection<String, String> connection() {
        return connection.get();
    }

    @Override
    public List<String> logs() {
        return PodPort.logs(client, namespace, name, container);
    }

    /** The last {@code lines} lines of a container's log (the Redis one unless named), for evidence. */
    public String logTail(String containerName, int lines, boolean previous) {
        var pod = client.pods().inNamespace(namespace).withName(name).inContainer(containerName);
        return previous ? pod.terminated().tailingLines(lines).getLog() : pod.tailingLines(lines).getLog();
    }

    String container() {
        return container;
    }

    /** Closes the connection (not the port), so that the next use logs in again. */
    void reconnect() {
        connection.reconnect();
    }

    @Override
    public void close() {
        connection.close();
    }

    @Override
    public String toString() {
        return name + " (" + role.name().toLowerCase(Locale.ROOT) + ", namespace " + namespace + ")";
    }
}
