package io.github.redishajunit.assertions;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.assertj.core.error.ErrorMessageFactory;

/** A replica does not report {@code role:slave}, {@code master_link_status:up}, {@code master_sync_in_progress:0}. */
final class ShouldHaveReplicaLinkUp extends RedisHAErrorMessageFactory {

    /** @param waited how long a sync in progress was waited for, or {@code null} when read once */
    public static ErrorMessageFactory shouldHaveReplicaLinkUp(String location, int replicas,
            List<ReplicaStatus> failing, Duration waited) {
        return new ShouldHaveReplicaLinkUp(location,
                "to have " + replicas + " replicas with role:slave, master_link_status:up and master_sync_in_progress:0"
                        + within(waited),
                failing.stream().map(replica -> node(replica.node(), replica.announcedAs()) + " reported:\n"
                                + fields(replica.info(), "role", "master_host", "master_port", "master_link_status",
                                        "master_last_io_seconds_ago", "master_sync_in_progress",
                                        "master_link_down_since_seconds", "slave_repl_offset", "connected_slaves"))
                        .collect(Collectors.joining("\nand ")));
    }

    private ShouldHaveReplicaLinkUp(String location, String expectation, String observation) {
        super(location, expectation, observation);
    }
}
