package io.github.redishajunit.drills;

import java.time.Duration;

/**
 * A drill's disruption and its clock: the pod it hit, how, for how long (a {@link Fault#HUNG} server's stall, zero
 * for the others) and when.
 */
record Disruption(String pod, Fault fault, Duration stall, long nanos) {

    Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - nanos);
    }

    /** What happened, completing "after ...": {@code pod redis-master-0 was deleted}. */
    String happened() {
        return fault.happened(pod, stall);
    }
}
