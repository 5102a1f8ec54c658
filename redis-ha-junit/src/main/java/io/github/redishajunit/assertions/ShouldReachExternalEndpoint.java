package io.github.redishajunit.assertions;

import io.github.redishajunit.Endpoint;
import org.assertj.core.error.ErrorMessageFactory;

/** The external endpoint could not be connected to, or did not answer PING with PONG. */
final class ShouldReachExternalEndpoint extends RedisHAErrorMessageFactory {

    /** @param what what went wrong, e.g. {@code connecting failed: Connection refused} */
    public static ErrorMessageFactory shouldReachExternalEndpoint(String location, Endpoint endpoint, String what) {
        return new ShouldReachExternalEndpoint(location,
                "to answer PING with PONG through its external endpoint " + endpoint,
                what);
    }

    private ShouldReachExternalEndpoint(String location, String expectation, String observation) {
        super(location, expectation, observation);
    }
}
