package io.github.redishajunit.assertions;

import java.util.Map;
import java.util.stream.Collectors;
import org.assertj.core.error.ErrorMessageFactory;

/** A replica accepted a write, or rejected it with something other than READONLY. */
final class ShouldRejectWrites extends RedisHAErrorMessageFactory {

    /**
     * @param replies each offending replica (described as {@code name (address)}) and what it replied to SET
     * @param replicas how many replicas were tried
     */
    public static ErrorMessageFactory shouldRejectWrites(String location, int replicas, Map<String, String> replies) {
        return new ShouldRejectWrites(location,
                "to have " + replicas + " replicas reject writes with READONLY",
                replies.entrySet().stream().map(e -> e.getKey() + " replied to SET: " + e.getValue())
                        .collect(Collectors.joining("\nand ")));
    }

    private ShouldRejectWrites(String location, String expectation, String observation) {
        super(location, expectation, observation);
    }
}
