package io.github.redishajunit.assertions;

import java.util.List;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * Not exactly one master, or a replica that follows something else than it: a second master (a replica promoted
 * by hand, or two Sentinels' failovers), a chain (a replica following another replica), a stranger.
 */
final class ShouldHaveOneTrueMaster extends RedisHAErrorMessageFactory {

    static ErrorMessageFactory shouldHaveOneTrueMaster(String location, int nodes, List<String> observations) {
        return new ShouldHaveOneTrueMaster(location, "to have exactly one master among its " + nodes
                + " Redis nodes, followed directly by every replica", String.join("\nand ", observations));
    }

    private ShouldHaveOneTrueMaster(String location, String expectation, String observation) {
        super(location, expectation, observation);
    }
}
