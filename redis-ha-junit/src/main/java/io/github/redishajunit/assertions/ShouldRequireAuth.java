package io.github.redishajunit.assertions;

import java.util.Map;
import java.util.stream.Collectors;
import org.assertj.core.error.ErrorMessageFactory;

/** A node or the external endpoint answers without a password while the stack has AUTH on. */
final class ShouldRequireAuth extends RedisHAErrorMessageFactory {

    static ErrorMessageFactory shouldRequireAuth(String location, int endpoints, Map<String, String> answered) {
        return new ShouldRequireAuth(location, "to refuse a PING without a password (NOAUTH) on all " + endpoints
                + " of its endpoints", answered.entrySet().stream()
                        .map(e -> e.getKey() + " answered " + e.getValue())
                        .collect(Collectors.joining("\nand ")));
    }

    private ShouldRequireAuth(String location, String expectation, String observation) {
        super(location, expectation, observation);
    }
}
