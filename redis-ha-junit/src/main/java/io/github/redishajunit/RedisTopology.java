package io.github.redishajunit;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * A Redis master and its replicas, as the runbook inspects them: each node reachable with a Redis
 * connection and able to show its logs. The Kubernetes handle {@link HACluster} is one; {@link
 * RedisEndpoints} (plain host:port pairs) is another, which is what lets the runbook assertions run
 * without a cluster.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public interface RedisTopology {

    /** Where this topology lives, for failure messages: {@code namespace rha-x} or {@code endpoints 127.0.0.1:16380}. */
    String location();

    RedisNode master();

    /** The replicas this topology is expected to have, in a stable order. */
    List<RedisNode> replicas();

    /** The master, then every replica. */
    default List<RedisNode> nodes() {
        List<RedisNode> nodes = new ArrayList<>();
        nodes.add(master());
        nodes.addAll(replicas());
        return List.copyOf(nodes);
    }

    /**
     * The endpoint that should reach the master from outside the cluster (the NodePort), as reachable from
     * this JVM; empty when the topology has none.
     *
     * @throws IllegalStateException when the topology declares one that it cannot resolve (e.g. its Service was
     *     deleted)
     */
    Optional<Endpoint> externalEndpoint();

    /** The Sentinels that watch this topology; empty when it has none. */
    default List<RedisSentinel> sentinels() {
        return List.of();
    }

    /**
     * The proxies in front of this topology's servers (HAProxy routing to the master, say): they serve the Redis
     * protocol by passing each connection on to a server, hold no data and are no {@link #nodes() node}; clients
     * enter the stack through them. Empty when it has none.
     */
    default List<RedisNode> proxies() {
        return List.of();
    }

    /**
     * How the library connects to this topology's servers (timeout, credentials, TLS): its nodes' connections and the
     * ones it opens itself, e.g. to {@link #externalEndpoint()}. {@link ConnectionSettings#defaults()} unless the
     * topology says otherwise.
     */
    default ConnectionSettings connectionSettings() {
        return ConnectionSettings.defaults();
    }
}
