package io.github.redishajunit.internal;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.redishajunit.ConnectionSettings;
import io.github.redishajunit.Endpoint;
import io.github.redishajunit.HACluster;
import io.github.redishajunit.RedisNode;
import io.github.redishajunit.RedisPod;
import io.lettuce.core.RedisClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@link HACluster} handle: node handles named after the manifest's StatefulSets, one Lettuce client for all,
 * and one {@link NamespaceWatch} that every getter reads instead of the API server.
 */
final class KubernetesHACluster implements HACluster {

    private final ClusterTarget target;
    private final String namespace;
    private final RedisManifest manifest;
    /** Pods answer through port-forwards on loopback: a command that takes longer names a frozen node. */
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);

    private final NamespaceWatch watch;
    private final ConnectionSettings settings;
    private final RedisClient redis;
    private final PodNode master;
    private final List<PodNode> replicas;

    KubernetesHACluster(ClusterTarget target, String namespace, RedisManifest manifest, int expectedReplicas) {
        this.target = target;
        this.namespace = namespace;
        this.manifest = manifest;
        KubernetesClient client = target.client();
        this.watch = new NamespaceWatch(client, namespace);
        this.settings = ConnectionSettings.of(COMMAND_TIMEOUT);
        this.redis = settings.newClient();
        this.master = new PodNode(client, watch, manifest.masterPodName(), RedisNode.Role.MASTER,
                RedisManifest.redisContainer(manifest.master()), redis, settings);
        String replicaContainer = RedisManifest.redisContainer(manifest.replicas());
        List<PodNode> nodes = new ArrayList<>();
        for (int i = 0; i < expectedReplicas; i++) {
            nodes.add(new PodNode(client, watch, manifest.replicas().getMetadata().getName() + "-" + i,
                    RedisNode.Role.REPLICA, replicaContainer, redis, settings));
        }
        this.replicas = List.copyOf(nodes);
    }

    @Override
    public String namespace() {
        return namespace;
    }

    @Override
    public PodNode master() {
        return master;
    }

    @Override
    public List<RedisNode> replicas() {
        return List.copyOf(replicas);
    }

    List<PodNode> podNodes() {
        List<PodNode> all = new ArrayList<>();
        all.add(master);
        all.addAll(replicas);
        return all;
    }

    @Override
    public RedisPod replica(int index) {
        if (index < 0 || index >= replicas.size()) {
            throw new IndexOutOfBoundsException("Redis HA cluster in namespace " + namespace + " has "
                    + replicas.size() + " replicas (0.." + (replicas.size() - 1) + "), not replica(" + index + ")");
        }
        return replicas.get(index);
    }

    @Override
    public Endpoint nodePort() {
        Service declared = manifest.nodePort().orElseThrow(() -> new IllegalStateException("manifest "
                + manifest.location() + " has no NodePort Service, so the stack in namespace " + namespace
                + " has no nodePort()"));
        String name = declared.getMetadata().getName();
        Service live = watch.service(name).orElse(null);
        if (live == null) {
            throw new IllegalStateException("Service " + name + " does not exist in namespace " + namespace);
        }
        Integer port = live.getSpec().getPorts().stream().map(ServicePort::getNodePort).findFirst().orElse(null);
        if (port == null) {
            throw new IllegalStateException("Service " + name + " in namespace " + namespace + " has no nodePort");
        }
        Pod pod = master.pod();
        if (pod == null || pod.getStatus() == null || pod.getStatus().getHostIP() == null) {
            throw new IllegalStateException("pod " + master.name() + " in namespace " + namespace
                    + " is not on a node yet, so its NodePort " + port + " has no address");
        }
        return target.nodePortEndpoint(pod.getStatus().getHostIP(), port);
    }

    @Override
    public Optional<Endpoint> externalEndpoint() {
        return manifest.nodePort().isEmpty() ? Optional.empty() : Optional.of(nodePort());
    }

    @Override
    public KubernetesClient client() {
        return target.client();
    }

    RedisManifest manifest() {
        return manifest;
    }

    NamespaceWatch watch() {
        return watch;
    }

    @Override
    public ConnectionSettings connectionSettings() {
        return settings;
    }

    /** Closes every connection and port-forward; the first failure is thrown, the rest suppressed. */
    @Override
    public void close() {
        List<Runnable> releases = new ArrayList<>();
        podNodes().forEach(node -> releases.add(node::close));
        releases.add(() -> redis.shutdown(Duration.ZERO, Duration.ofSeconds(2)));
        releases.add(watch::close);
        RuntimeException failure = null;
        for (Runnable release : releases) {
            try {
                release.run();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public String toString() {
        return "Redis HA cluster in namespace " + namespace + " (master " + master.name() + ", replicas "
                + replicas.stream().map(PodNode::name).toList() + ")";
    }
}
