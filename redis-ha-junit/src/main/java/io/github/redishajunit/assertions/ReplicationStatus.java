package io.github.redishajunit.assertions;

import java.util.List;
import org.apiguardian.api.API;

/**
 * What the replication step observed.
 *
 * @param location the topology's location
 * @param master the master as it reported itself
 * @param replicas every expected replica as it reported itself, in topology order
 * @param masterOffsetSnapshot the master's {@code master_repl_offset}, read before any replica was read; each
 *     replica's processed offset must reach it ({@code -1} when the master did not report one)
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public record ReplicationStatus(String location, MasterStatus master, List<ReplicaStatus> replicas,
        long masterOffsetSnapshot) {

    public ReplicationStatus {
        replicas = List.copyOf(replicas);
    }

    ReplicationStatus withReplicas(List<ReplicaStatus> reread) {
        return new ReplicationStatus(location, master, reread, masterOffsetSnapshot);
    }
}
