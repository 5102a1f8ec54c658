package io.github.redishajunit;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * A Redis master/replica stack on Kubernetes, injected by {@link RedisHACluster @RedisHACluster} once it
 * replicates. Node handles open a port-forward and a Lettuce connection on first use; all of them are closed when
 * the scope that created the handle ends, so don't close the handle or its connections yourself.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public interface HACluster extends RedisTopology, AutoCloseable {

    /** The namespace the stack runs in. */
    String namespace();

    /** The data pod whose server says it is the master (the one the Sentinels name, where there are any). */
    @Override
    RedisPod master();

    /** Every other Redis data pod of the stack, by name; each is a {@link RedisPod}. */
    @Override
    List<RedisNode> replicas();

    /** The replica at this index of {@link #replicas()}. */
    RedisPod replica(int index);

    /**
     * What was found and how, with the roles the servers gave, e.g. {@code found 3 Redis pods (by container port
     * 6379) owned by StatefulSets cache-master, cache-replicas: cache-master-0 master, cache-replicas-0 replica,
     * cache-replicas-1 replica; 3 Sentinels; password: Secret cache key redis-password (REDIS_PASSWORD_FILE of container
     * redis in pod cache-master-0, file /opt/bitnami/redis/secrets/redis-password); Sentinel password: none}: where
     * each password was found, never what it is.
     */
    String discovery();

    /**
     * The master's external endpoint as reachable from this JVM: for a NodePort Service that selects the master,
     * the node's InternalIP and the NodePort on a real cluster, the mapped port on the embedded K3s; for a
     * LoadBalancer, its ingress; {@value RedisHACluster#EXTERNAL_KEY} when set.
     *
     * @throws IllegalStateException when the stack has none
     */
    Endpoint nodePort();

    /**
     * {@link #nodePort()}, or empty when the stack has no NodePort or LoadBalancer Service to its master.
     *
     * @throws IllegalStateException when the Service found when the handle was made is gone (deleted, or without a
     *     node port): the NodePort step reports that as its failure
     */
    @Override
    Optional<Endpoint> externalEndpoint();

    /**
     * Asks every data pod its role ({@code INFO replication}) and every Sentinel its master again, and makes {@link
     * #master()} and {@link #replicas()} what the servers say now; the handle does it once when it is made. Call it
     * after anything that moves the master (a Sentinel failover, a {@code REPLICAOF}); the drills do.
     *
     * @return each pod's role as its server gave it, e.g. {@code redis-node-0 replica, redis-node-1 master}
     */
    String observeRoles();

    /**
     * Every address the stack's servers hand out for its pods, mapped to where this JVM reaches them: install it in
     * an application's own client (see {@link AddressMap}) to follow the Sentinels' answers across a failover.
     */
    AddressMap addresses();

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
