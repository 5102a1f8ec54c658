package io.github.redishajunit.assertions;

import org.assertj.core.error.ErrorMessageFactory;

/** The NodePort step was asked of a topology without an external endpoint. */
final class ShouldHaveExternalEndpoint extends RedisHAErrorMessageFactory {

    public static ErrorMessageFactory shouldHaveExternalEndpoint(String location) {
        return shouldHaveExternalEndpoint(location, "the topology has no external endpoint");
    }

    /** @param observation why there is none, e.g. {@code Service redis-master-nodeport does not exist in namespace x} */
    public static ErrorMessageFactory shouldHaveExternalEndpoint(String location, String observation) {
        return new ShouldHaveExternalEndpoint(location,
                "to have an external endpoint (NodePort) that reaches its master", observation);
    }

    private ShouldHaveExternalEndpoint(String location, String expectation, String observation) {
        super(location, expectation, observation);
    }
}
