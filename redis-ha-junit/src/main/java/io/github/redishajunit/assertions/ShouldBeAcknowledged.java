package io.github.redishajunit.assertions;

import io.github.redishajunit.ReplicationInfo.ListedReplica;
import java.util.List;
import org.assertj.core.error.ErrorMessageFactory;

/** {@code WAIT} after a write returned fewer replicas than the topology has. */
final class ShouldBeAcknowledged extends RedisHAErrorMessageFactory {

    /**
     * @param master the master, described as {@code name (address)}
     * @param listed the master's replica lines read right after WAIT, to show which one lags
     */
    public static ErrorMessageFactory shouldBeAcknowledged(String location, String master,
            AcknowledgementResult result, List<ListedReplica> listed) {
        return new ShouldBeAcknowledged(location,
                "to have a write on its master " + master + " acknowledged by all " + result.replicas()
                        + " replicas (SET " + result.key() + ", then WAIT " + result.replicas() + " "
                        + result.timeout().toMillis() + " on the same connection)",
                "only " + result.acknowledged() + " of " + result.replicas() + " acknowledged it within "
                        + result.timeout() + "; the master then listed:\n"
                        + (listed.isEmpty() ? "  no replica" : indent(listed.stream().map(ListedReplica::toString).toList())));
    }

    private ShouldBeAcknowledged(String location, String expectation, String observation) {
        super(location, expectation, observation);
    }
}
