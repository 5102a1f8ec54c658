package io.github.redishajunit.assertions;

import java.util.List;
import java.util.stream.Collectors;
import org.assertj.core.error.ErrorMessageFactory;

/** A replica's link is up, but to another master (its {@code master_replid} differs from the master's). */
final class ShouldFollowMaster extends RedisHAErrorMessageFactory {

    public static ErrorMessageFactory shouldFollowMaster(String location, MasterStatus master,
            List<ReplicaStatus> failing) {
        return new ShouldFollowMaster(location,
                "to have every replica follow its master " + node(master.node(), master.endpoint())
                        + " (master_replid:" + master.replid().orElse("?") + ")",
                failing.stream().map(replica -> node(replica.node(), replica.announcedAs())
                                + " follows master_host:master_port " + replica.master().orElse("?")
                                + " with master_replid:" + replica.replid().orElse("?"))
                        .collect(Collectors.joining("\nand ")));
    }

    private ShouldFollowMaster(String location, String expectation, String observation) {
        super(location, expectation, observation);
    }
}
