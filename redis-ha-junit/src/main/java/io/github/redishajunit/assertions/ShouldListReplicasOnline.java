package io.github.redishajunit.assertions;

import io.github.redishajunit.ReplicationInfo;
import java.time.Duration;
import java.util.List;
import org.assertj.core.error.ErrorMessageFactory;

/** The master's {@code INFO replication} does not list every expected replica with {@code state=online}. */
final class ShouldListReplicasOnline extends RedisHAErrorMessageFactory {

    /**
     * @param expected every expected replica
     * @param notOnline those the master does not list as online (under their announced address)
     * @param waited how long a sync in progress was waited for, or {@code null} when read once
     */
    public static ErrorMessageFactory shouldListReplicasOnline(String location, MasterStatus master,
            List<ReplicaStatus> expected, List<ReplicaStatus> notOnline, Duration waited) {
        String listed = master.listedReplicas().isEmpty()
                ? "  no replica"
                : indent(master.listedReplicas().stream().map(ReplicationInfo.ListedReplica::toString).toList());
        List<String> missing = notOnline.stream()
                .map(replica -> replica.node() + " announced as " + replica.announcedAs() + ": "
                        + master.listed(replica.announcedAs()).map(l -> "state=" + l.state()).orElse("not listed"))
                .toList();
        return new ShouldListReplicasOnline(location,
                "to have its master " + node(master.node(), master.endpoint()) + " list " + expected.size()
                        + " replicas with state=online" + within(waited),
                "it listed (connected_slaves:" + master.info().getOrDefault("connected_slaves", "?") + "):\n"
                        + listed + "\nand not online:\n" + indent(missing));
    }

    private ShouldListReplicasOnline(String location, String expectation, String observation) {
        super(location, expectation, observation);
    }
}
