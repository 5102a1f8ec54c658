package io.github.redishajunit.drills;

import io.github.redishajunit.drills.AcknowledgedWriter.Outcome;
import io.github.redishajunit.drills.AcknowledgedWriter.Write;
import java.time.Duration;
import java.util.List;

/**
 * The writes' outage after a disruption: from the first failure after it to the next success.
 *
 * @param length from the first failed write to the next one that succeeded (zero when none failed)
 * @param resumed from the disruption to that success
 * @param ended whether a write succeeded after the disruption (after the failures, if any)
 */
record Outage(Duration length, Duration resumed, boolean ended) {

    /** The outage of {@code writes} after the disruption at {@code since} ({@link System#nanoTime()}). */
    static Outage of(List<Write> writes, long since) {
        Long firstFailure = null;
        for (Write write : writes) {
            if (write.sentNanos() < since) {
                continue;
            }
            boolean ok = write.outcome() != Outcome.FAILED;
            if (!ok && firstFailure == null) {
                firstFailure = write.sentNanos();
            } else if (ok && firstFailure != null) {
                return new Outage(Duration.ofNanos(write.sentNanos() - firstFailure),
                        Duration.ofNanos(write.sentNanos() - since), true);
            }
        }
        // no failure since the disruption: no outage, as long as some write succeeded after it
        boolean succeeded = firstFailure == null && writes.stream()
                .anyMatch(w -> w.sentNanos() >= since && w.outcome() != Outcome.FAILED);
        return new Outage(Duration.ZERO, Duration.ZERO, succeeded);
    }
}
