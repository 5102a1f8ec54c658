package io.github.redishajunit.internal;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.redishajunit.ConnectionSettings;
import io.github.redishajunit.Endpoint;
import io.github.redishajunit.RedisSentinel;
import io.lettuce.core.RedisClient;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;
import java.util.List;

/** A Sentinel container of a pod (a sidecar or a pod of its own), reached through a port-forward. */
final class SentinelPod implements RedisSentinel, AutoCloseable {

    private final KubernetesClient client;
    private final NamespaceWatch watch;
    private final String name;
    private final String container;
    private final int port;
    private final RedisClient redis;
    private final ConnectionSettings settings;
    private final PodPortForward portForward;
    private StatefulRedisSentinelConnection<String, String> connection;

    SentinelPod(KubernetesClient client, NamespaceWatch watch, StackDiscovery.Served served, RedisClient redis,
            ConnectionSettings settings) {
        this.client = client;
        this.watch = watch;
        this.name = served.pod();
        this.container = served.container();
        this.port = served.port();
        this.redis = redis;
        this.settings = settings;
        this.portForward = new PodPortForward(client, watch.namespace(), name, container, port);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Endpoint address() {
        Pod pod = watch.pod(name).orElse(null);
        if (pod == null || pod.getStatus() == null || pod.getStatus().getPodIP() == null) {
            throw new IllegalStateException("pod " + name + " in namespace " + watch.namespace() + " has no IP (yet)");
        }
        return new Endpoint(pod.getStatus().getPodIP(), port);
    }

    @Override
    public Endpoint endpoint() {
        return portForward.endpoint();
    }

    @Override
    public synchronized StatefulRedisSentinelConnection<String, String> connection() {
        if (connection != null && (!connection.isOpen() || !portForward.open())) {
            connection.close();
            connection = null;
        }
        if (connection == null) {
            connection = redis.connectSentinel(settings.uri(endpoint()));
        }
        return connection;
    }

    @Override
    public List<String> logs() {
        return portForward.logs();
    }

    @Override
    public synchronized void close() {
        try {
            if (connection != null) {
                connection.close();
            }
        } finally {
            connection = null;
            portForward.close();
        }
    }

    @Override
    public String toString() {
        return name + " (sentinel, namespace " + watch.namespace() + ")";
    }
}
