package io.github.redishajunit.assertions;

import io.github.redishajunit.Endpoint;
import java.util.List;
import org.apiguardian.api.API;

/**
 * What the persistence step observed: how each node keeps its data across a restart.
 *
 * @param nodes the master first, then every replica
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public record PersistenceResult(List<NodePersistence> nodes) {

    public PersistenceResult {
        nodes = List.copyOf(nodes);
    }

    /**
     * One node's {@code INFO persistence} and {@code save} configuration.
     *
     * @param node the node (pod) name
     * @param address its address as its peers reach it
     * @param aofEnabled {@code aof_enabled:1}
     * @param savePoints the {@code save} configuration ({@code ""}: no RDB snapshots), or null when CONFIG is not
     *     allowed
     * @param rdbLastBgsaveStatus {@code rdb_last_bgsave_status}
     * @param aofLastWriteStatus {@code aof_last_write_status}
     */
    public record NodePersistence(String node, Endpoint address, boolean aofEnabled, String savePoints,
            String rdbLastBgsaveStatus, String aofLastWriteStatus) {

        @Override
        public String toString() {
            return node + " aof_enabled:" + (aofEnabled ? 1 : 0) + " save:\"" + (savePoints == null ? "?" : savePoints)
                    + "\" rdb_last_bgsave_status:" + rdbLastBgsaveStatus + " aof_last_write_status:"
                    + aofLastWriteStatus;
        }
    }
}
