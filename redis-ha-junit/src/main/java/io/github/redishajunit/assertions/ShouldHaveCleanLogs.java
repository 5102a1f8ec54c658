package io.github.redishajunit.assertions;

import java.util.List;
import org.assertj.core.error.ErrorMessageFactory;

/** Node logs hold lines the rules forbid. */
final class ShouldHaveCleanLogs extends RedisHAErrorMessageFactory {

    public static ErrorMessageFactory shouldHaveCleanLogs(String location, List<LogFinding> findings, LogRules rules) {
        return new ShouldHaveCleanLogs(location,
                "to have node logs free of warnings, permission, persistence, security and replication link errors"
                        + " (" + rules + ")",
                "the logs hold " + findings.size() + (findings.size() == 1 ? " finding" : " findings") + ":\n"
                        + indent(findings.stream()
                                .map(f -> f.node() + ", " + f.kind() + ":\n    " + f.line()).toList()));
    }

    private ShouldHaveCleanLogs(String location, String expectation, String observation) {
        super(location, expectation, observation);
    }
}
