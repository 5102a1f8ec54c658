package io.github.redishajunit.assertions;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.assertj.core.error.ErrorMessageFactory;

/** A replica's processed offset has not reached a snapshot of the master's {@code master_repl_offset}. */
final class ShouldHaveCaughtUp extends RedisHAErrorMessageFactory {

    /** @param waited how long the offsets were polled, or {@code null} when read once */
    public static ErrorMessageFactory shouldHaveCaughtUp(String location, long masterOffset,
            List<ReplicaStatus> behind, Duration waited) {
        return new ShouldHaveCaughtUp(location,
                "to have every replica's slave_repl_offset reach the master's master_repl_offset:" + masterOffset
                        + " (read before the replicas)" + (waited == null ? "" : " within " + waited),
                behind.stream().map(replica -> {
                    long offset = replica.processedOffset().orElse(-1);
                    return node(replica.node(), replica.announcedAs()) + " reported slave_repl_offset:" + offset
                            + " (" + (masterOffset - offset) + " bytes behind)";
                }).collect(Collectors.joining("\nand ")));
    }

    private ShouldHaveCaughtUp(String location, String expectation, String observation) {
        super(location, expectation, observation);
    }
}
