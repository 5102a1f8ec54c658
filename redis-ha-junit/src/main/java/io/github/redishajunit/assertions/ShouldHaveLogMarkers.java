package io.github.redishajunit.assertions;

import java.util.List;
import org.assertj.core.error.ErrorMessageFactory;

/** Node logs lack a line the runbook requires (readiness, a completed sync). */
final class ShouldHaveLogMarkers extends RedisHAErrorMessageFactory {

    public static ErrorMessageFactory shouldHaveLogMarkers(String location, List<MissingLogMarker> missing) {
        return new ShouldHaveLogMarkers(location,
                "to have the master log readiness and a completed sync per replica, and every replica log"
                        + " connecting to its master and a completed sync",
                "these lines are missing:\n"
                        + indent(missing.stream().map(m -> m.node() + ": " + m.marker()).toList()));
    }

    private ShouldHaveLogMarkers(String location, String expectation, String observation) {
        super(location, expectation, observation);
    }
}
