package io.github.redishajunit.assertions;

import io.github.redishajunit.RedisTopology;

/**
 * The runbook as assertions. Each method checks once and never waits: callers that need to wait (readiness,
 * the certification suite) wrap them in Awaitility.
 */
public final class RedisHAAssertions {

    private RedisHAAssertions() {}

    /** Runbook step 1: the master sees every replica online and every replica has its link up and in sync. */
    public static void assertReplicationUp(RedisTopology topology) {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
