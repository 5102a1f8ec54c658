package io.github.redishajunit.assertions;

import java.util.Map;
import java.util.stream.Collectors;
import org.assertj.core.error.ErrorMessageFactory;

/** A node whose data would not survive a restart, or whose last RDB save or AOF write failed. */
final class ShouldPersist extends RedisHAErrorMessageFactory {

    /**
     * @param nodes how many nodes were checked
     * @param problems each offending node (described as {@code name (address)}) and what is wrong
     */
    public static ErrorMessageFactory shouldPersist(String location, int nodes, Map<String, String> problems) {
        return new ShouldPersist(location,
                "to have its " + nodes + " nodes persist their data (the master with AOF or RDB save points) and"
                        + " their last RDB save and AOF write succeed",
                problems.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                        .collect(Collectors.joining("\nand ")));
    }

    private ShouldPersist(String location, String expectation, String observation) {
        super(location, expectation, observation);
    }
}
