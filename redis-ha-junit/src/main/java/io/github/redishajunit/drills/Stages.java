package io.github.redishajunit.drills;

import io.lettuce.core.RedisException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * How a drill waits for each recovery stage of the stack in {@code location}: polled until done, at most {@code bound};
 * on timeout an {@link AssertionError} names the stage, the disruption and what was seen last.
 */
record Stages(String location, Duration bound) {

    private static final Duration POLL = Duration.ofMillis(200);

    void await(Disruption disruption, String what, Supplier<String> seen, Callable<Boolean> done) {
        try {
            // polled in this thread: a poll cut short at the bound must not leave "interrupted" as what was seen
            Awaitility.await(what).atMost(bound).pollInterval(POLL).pollInSameThread()
                    .ignoreExceptionsInstanceOf(RedisException.class).until(done);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("Expecting the Redis HA stack in " + location + " to recover after "
                    + disruption.happened() + ": " + what + " within " + bound.toSeconds() + " s\nbut after "
                    + DrillReport.seconds(disruption.elapsed()) + ": " + seen.get(), e);
        }
    }
}
