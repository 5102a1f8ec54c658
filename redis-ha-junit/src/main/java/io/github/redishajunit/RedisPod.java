package io.github.redishajunit;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import org.apiguardian.api.API;

/** A Redis node running in a pod of an {@link HACluster}. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public interface RedisPod extends RedisNode {

    /** The pod name, e.g. {@code redis-slave-1}. */
    @Override
    String name();

    String namespace();

    /**
     * The pod as last observed: a watch of the namespace keeps it current, so reading it calls no API server.
     * {@code null} while the pod does not exist.
     */
    Pod pod();

    /**
     * The pod IP as last observed, as the Redis peers see it (the master lists replicas by their announced DNS name).
     *
     * @throws IllegalStateException while the pod has no IP
     */
    @Override
    String hostAddress();

    /** A local port-forward to the pod's Redis port, opened on first use. */
    @Override
    Endpoint endpoint();

    /** The Redis container's log, split in lines, oldest first. */
    @Override
    List<String> logs();
}
