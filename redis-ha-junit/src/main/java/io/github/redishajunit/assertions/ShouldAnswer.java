package io.github.redishajunit.assertions;

import java.util.Map;
import java.util.stream.Collectors;
import org.assertj.core.error.ErrorMessageFactory;

/** A node did not answer a command the step needs. */
final class ShouldAnswer extends RedisHAErrorMessageFactory {

    /**
     * @param command what was asked, e.g. {@code INFO replication}
     * @param errors each silent node (described as {@code name (address)}) and the error it gave
     */
    public static ErrorMessageFactory shouldAnswer(String location, String command, Map<String, String> errors) {
        return new ShouldAnswer(location, "to have every node answer " + command,
                errors.entrySet().stream().map(e -> e.getKey() + " failed: " + e.getValue())
                        .collect(Collectors.joining("\nand ")));
    }

    private ShouldAnswer(String location, String expectation, String observation) {
        super(location, expectation, observation);
    }
}
