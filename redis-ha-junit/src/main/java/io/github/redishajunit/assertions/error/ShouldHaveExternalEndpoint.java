package io.github.redishajunit.assertions.error;

import org.assertj.core.error.ErrorMessageFactory;

/** The NodePort step was asked of a topology without an external endpoint. */
public final class ShouldHaveExternalEndpoint extends RedisHAErrorMessageFactory {

    public static ErrorMessageFactory shouldHaveExternalEndpoint(String location) {
        return new ShouldHaveExternalEndpoint(location,
                "to have an external endpoint (NodePort) that reaches its master",
                "the topology has no external endpoint");
    }

    private ShouldHaveExternalEndpoint(String location, String expectation, String observation) {
        super(location, expectation, observation);
    }
}
