package io.github.redishajunit.assertions;

import org.assertj.core.error.ErrorMessageFactory;

/** The master does not report {@code role:master}. */
final class ShouldBeMaster extends RedisHAErrorMessageFactory {

    public static ErrorMessageFactory shouldBeMaster(String location, MasterStatus master) {
        return new ShouldBeMaster(location, "to have its master " + node(master.node(), master.endpoint())
                + " report role:master",
                "it reported:\n" + fields(master.info(), "role", "master_host", "master_port", "master_link_status",
                        "connected_slaves", "master_replid"));
    }

    private ShouldBeMaster(String location, String expectation, String observation) {
        super(location, expectation, observation);
    }
}
