package io.github.redishajunit.assertions;

import io.github.redishajunit.assertions.PropagationResult.ReplicaLatency;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.assertj.core.error.ErrorMessageFactory;

/** A value written on the master did not appear on every replica in time. */
final class ShouldPropagate extends RedisHAErrorMessageFactory {

    /**
     * @param master the master, described as {@code name (address)}
     * @param served the replicas that served the value, with their latency
     * @param lastReplies each replica that did not (described as {@code name (address)}) and its last reply
     */
    public static ErrorMessageFactory shouldPropagate(String location, String master, String key, Duration timeout,
            List<ReplicaLatency> served, Map<String, String> lastReplies) {
        StringBuilder observation = new StringBuilder("after " + timeout + " these replicas had not served it:\n")
                .append(indent(lastReplies.entrySet().stream()
                        .map(e -> e.getKey() + " last replied " + e.getValue()).toList()));
        if (!served.isEmpty()) {
            observation.append("\nwhile these had:\n").append(indent(served.stream()
                    .map(r -> node(r.node(), r.endpoint()) + " after " + r.latency().toMillis() + " ms").toList()));
        }
        return new ShouldPropagate(location,
                "to have the value of " + key + " written on its master " + master
                        + " served by every replica within " + timeout,
                observation.toString());
    }

    private ShouldPropagate(String location, String expectation, String observation) {
        super(location, expectation, observation);
    }
}
