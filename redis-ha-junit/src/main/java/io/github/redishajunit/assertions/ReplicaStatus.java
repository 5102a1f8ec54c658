package io.github.redishajunit.assertions;

import io.github.redishajunit.Endpoint;
import io.github.redishajunit.RedisNode;
import io.github.redishajunit.ReplicationInfo;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apiguardian.api.API;

/**
 * One replica's {@code INFO replication}, as observed.
 *
 * @param node the node (pod) name
 * @param endpoint its address as its peers reach it ({@link RedisNode#address()}: the pod IP and Redis port; for a
 *     plain endpoint, the endpoint)
 * @param announcedAs the address the master should list it under ({@code replica-announce-ip}/{@code -port}, or
 *     its host address and port)
 * @param replication what it reported, or {@code null} if it did not answer
 * @param error why it could not be read, or {@code null}
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public record ReplicaStatus(String node, Endpoint endpoint, Endpoint announcedAs, ReplicationInfo replication,
        String error) {

    public boolean answered() {
        return error == null;
    }

    /** Every {@code field:value} of its {@code INFO replication}; empty if it did not answer. */
    public Map<String, String> info() {
        return replication == null ? Map.of() : replication.fields();
    }

    public Optional<String> role() {
        return replication == null ? Optional.empty() : Optional.of(replication.role());
    }

    public Optional<String> linkStatus() {
        return replication == null ? Optional.empty() : replication.linkStatus();
    }

    /** {@code master_host:master_port}, the master it is configured to follow. */
    public Optional<String> master() {
        return replication == null ? Optional.empty() : replication.masterAddress();
    }

    public Optional<String> replid() {
        return replication == null ? Optional.empty() : replication.masterReplid();
    }

    /** {@code slave_repl_offset}, or {@code master_repl_offset} when the former is absent. */
    public OptionalLong processedOffset() {
        return replication == null ? OptionalLong.empty() : replication.processedOffset();
    }

    /** {@code role:slave}, {@code master_link_status:up} and {@code master_sync_in_progress:0}. */
    public boolean linkUp() {
        return answered() && replication != null && replication.linkUp();
    }

    /** As failure messages name it: {@code redis-slave-1 (10.244.0.12:6379)}. */
    public String describe() {
        return RedisNode.describe(node, endpoint);
    }
}
