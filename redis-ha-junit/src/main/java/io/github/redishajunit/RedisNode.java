package io.github.redishajunit;

import io.lettuce.core.api.StatefulRedisConnection;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;

/** One Redis server of a {@link RedisTopology}: a pod, or a plain host:port. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public interface RedisNode {

    /** The pod name, or host:port for a plain endpoint. */
    String name();

    /** The role this node has in its topology (what it is expected to report). */
    Role role();

    /**
     * The address the node's peers see it at: the pod IP, or the host of a plain endpoint. The master lists a
     * replica under this address unless the replica sets {@code replica-announce-ip}.
     */
    String hostAddress();

    /** Where this JVM connects to the node (a port-forward, or the endpoint itself). */
    Endpoint endpoint();

    /**
     * Where the node itself listens, as its peers reach it: {@link #hostAddress()} and the server's port. It differs
     * from {@link #endpoint()} when this JVM goes through a port-forward; failure messages name nodes by it.
     */
    default Endpoint address() {
        return new Endpoint(hostAddress(), endpoint().port());
    }

    /** The node as failure messages name it: {@code redis-slave-1 (10.244.0.12:6379)}, or {@code host:port}. */
    default String describe() {
        return describe(name(), address());
    }

    /**
     * How failure messages name a node: {@code name (address)}, or the name alone when it is the address. The one
     * formatter of node names, for nodes and for what was observed of them.
     */
    static String describe(String name, Endpoint address) {
        return address == null || name.equals(address.toString()) ? name : name + " (" + address + ")";
    }

    /**
     * Whether {@code host:port}, as a replica's {@code master_host}/{@code master_port} or a Sentinel's answer gives
     * it, is this node: its host address, its name, or a DNS name whose first label is its name (a pod's {@code
     * redis-master-0.redis-headless}), and its port. A node whose address is not known yet (a pod without an IP) is
     * at no address.
     */
    default boolean isAt(String host, int port) {
        try {
            return port == address().port()
                    && (host.equals(hostAddress()) || host.equals(name()) || host.startsWith(name() + "."));
        } catch (IllegalStateException noAddressYet) {
            return false;
        }
    }

    /** A connection opened for this node and closed with it; shared, so don't close it. */
    StatefulRedisConnection<String, String> connection();

    /** {@code INFO <section>} as the server returned it. */
    default String info(String section) {
        return connection().sync().info(section);
    }

    /** {@code INFO <section>} as {@code field:value} pairs, in reply order. */
    default Map<String, String> infoFields(String section) {
        return InfoFields.parse(info(section));
    }

    /**
     * {@code INFO replication}, read now and parsed.
     *
     * @throws IllegalArgumentException when the reply reports no role Redis uses
     */
    default ReplicationInfo replication() {
        return ReplicationInfo.parse(info("replication"));
    }

    /** The server's log lines, oldest first (container log, or the log file of a plain endpoint). */
    List<String> logs();

    enum Role {
        MASTER,
        REPLICA
    }
}
