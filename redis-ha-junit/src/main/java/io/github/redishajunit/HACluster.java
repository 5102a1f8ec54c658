package io.github.redishajunit;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Optional;

/**
 * A Redis master/replica stack on Kubernetes, injected by {@link RedisHACluster @RedisHACluster} once it
 * replicates. Node handles open a port-forward and a Lettuce connection on first use; all of them are closed when
 * the scope that created the handle ends, so don't close the handle or its connections yourself.
 */
public interface HACluster extends RedisTopology, AutoCloseable {

    /** The namespace the stack runs in. */
    String namespace();

    @Override
    RedisPod master();

    /** The replicas by ordinal ({@code redis-slave-0}, {@code redis-slave-1}, …); each is a {@link RedisPod}. */
    @Override
    List<RedisNode> replicas();

    /** The replica with this ordinal. */
    RedisPod replica(int index);

    /**
     * The master's NodePort as reachable from this JVM: the node's InternalIP and the NodePort on a real cluster,
     * the mapped port on the embedded K3s.
     *
     * @throws IllegalStateException when the manifest has no NodePort Service
     */
    Endpoint nodePort();

    /**
     * {@link #nodePort()}, or empty when the manifest declares no NodePort Service.
     *
     * @throws IllegalStateException when the manifest declares one that the namespace does not have (deleted, or
     *     without a node port): the NodePort step reports that as its failure
     */
    @Override
    Optional<Endpoint> externalEndpoint();

    /** The fabric8 client the stack was provisioned with; shared, so don't close it. */
    KubernetesClient client();

    @Override
    default String location() {
        return "namespace " + namespace();
    }

    /** Closes connections and port-forwards. The extension calls it; tests don't need to. */
    @Override
    void close();
}
