package io.github.redishajunit.assertions;

import io.github.redishajunit.Endpoint;
import java.util.Map;
import org.assertj.core.error.ErrorMessageFactory;

/** The external endpoint answers, but it is not the topology's master. */
final class ShouldReachMaster extends RedisHAErrorMessageFactory {

    /**
     * @param master the master, described as {@code name (address)}
     * @param info what {@code INFO replication} through the external endpoint reported
     * @param what how it differs from the master
     */
    public static ErrorMessageFactory shouldReachMaster(String location, Endpoint endpoint, String master,
            Map<String, String> info, String what) {
        return new ShouldReachMaster(location,
                "to reach its master " + master + " through its external endpoint " + endpoint,
                what + "; through " + endpoint + " INFO replication reported:\n"
                        + fields(info, "role", "master_host", "master_port", "master_link_status", "connected_slaves",
                                "master_replid"));
    }

    private ShouldReachMaster(String location, String expectation, String observation) {
        super(location, expectation, observation);
    }
}
