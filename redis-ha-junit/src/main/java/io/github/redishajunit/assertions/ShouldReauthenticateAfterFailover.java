package io.github.redishajunit.assertions;

import java.util.Map;
import java.util.stream.Collectors;
import org.assertj.core.error.ErrorMessageFactory;

/** A node's {@code masterauth} is unset or differs from the password clients log in with. */
final class ShouldReauthenticateAfterFailover extends RedisHAErrorMessageFactory {

    /** @param findings each offending node (described as {@code name (address)}) and what its masterauth is */
    static ErrorMessageFactory shouldReauthenticateAfterFailover(String location, Map<String, String> findings) {
        return new ShouldReauthenticateAfterFailover(location, "to have on every node a masterauth equal to the"
                + " password its clients log in with (requirepass), so that any node can follow a new master",
                findings.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                        .collect(Collectors.joining("\nand "))
                        + "\n(replicas cannot re-authenticate after a failover: set masterauth to the requirepass"
                        + " password on every node)");
    }

    private ShouldReauthenticateAfterFailover(String location, String expectation, String observation) {
        super(location, expectation, observation);
    }
}
