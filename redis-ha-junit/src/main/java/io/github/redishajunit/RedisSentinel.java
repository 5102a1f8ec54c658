package io.github.redishajunit;

import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;
import java.util.List;
import org.apiguardian.api.API;

/** One Redis Sentinel watching a {@link RedisTopology}: a pod's Sentinel container, or a plain host:port. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public interface RedisSentinel {

    /** The pod name, or host:port for a plain endpoint. */
    String name();

    /** Where the Sentinel listens, as its peers reach it (the pod IP and the Sentinel port). */
    Endpoint address();

    /** Where this JVM connects to it (a port-forward, or the endpoint itself). */
    Endpoint endpoint();

    /** A Sentinel connection opened for this Sentinel and closed with it; shared, so don't close it. */
    StatefulRedisSentinelConnection<String, String> connection();

    /** The Sentinel's log lines, oldest first. */
    List<String> logs();

    /** As failure messages name it: {@code cache-node-0 (10.244.0.12:26379)}. */
    default String describe() {
        return RedisNode.describe(name(), address());
    }
}
