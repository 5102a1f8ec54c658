package io.github.redishajunit.assertions;

import io.github.redishajunit.Endpoint;
import io.github.redishajunit.RedisNode;
import io.github.redishajunit.ReplicationInfo.ListedReplica;
import io.github.redishajunit.ReplicationInfo;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * The master's {@code INFO replication}, as observed.
 *
 * @param node the node (pod) name
 * @param endpoint its address as its peers reach it ({@link RedisNode#address()}: the pod IP and Redis port; for a
 *     plain endpoint, the endpoint)
 * @param replication what it reported, or {@code null} if it did not answer
 * @param error why it could not be read, or {@code null}
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public record MasterStatus(String node, Endpoint endpoint, ReplicationInfo replication, String error) {

    /** Every {@code field:value} of its {@code INFO replication}; empty if it did not answer. */
    public Map<String, String> info() {
        return replication == null ? Map.of() : replication.fields();
    }

    /** Its {@code slaveN:} lines in reply order; match them by {@code address()}, never by {@code N}. */
    public List<ListedReplica> listedReplicas() {
        return replication == null ? List.of() : replication.listedReplicas();
    }

    public Optional<String> role() {
        return replication == null ? Optional.empty() : Optional.of(replication.role());
    }

    public Optional<String> replid() {
        return replication == null ? Optional.empty() : replication.masterReplid();
    }

    public boolean answered() {
        return error == null;
    }

    /** The listed replica at {@code address}, if the master lists it. */
    public Optional<ListedReplica> listed(Endpoint address) {
        return replication == null ? Optional.empty() : replication.listed(address);
    }

    /** As failure messages name it: {@code redis-master-0 (10.244.0.11:6379)}. */
    public String describe() {
        return RedisNode.describe(node, endpoint);
    }
}
