package io.github.redishajunit.bench;

import static io.github.redishajunit.assertions.RedisHAAssertions.assertLogsClean;
import static io.github.redishajunit.assertions.RedisHAAssertions.assertPropagates;
import static io.github.redishajunit.assertions.RedisHAAssertions.assertReplicasAcknowledgeWrites;
import static io.github.redishajunit.assertions.RedisHAAssertions.assertReplicasReadOnly;
import static io.github.redishajunit.assertions.RedisHAAssertions.assertReplicationUp;

import io.github.redishajunit.RedisEndpoints;
import io.github.redishajunit.assertions.LogRules;
import io.github.redishajunit.localredis.LocalRedis;
import io.github.redishajunit.localredis.LocalRedisExtension;
import io.github.redishajunit.localredis.LocalServer;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * How much each runbook step costs, as a ratio to what a person does by hand for step 1: one {@code INFO
 * replication} round trip to the master and to each replica, measured in the same run against the same local trio.
 * Not a test (its name ends in neither Test nor IT): run it with {@code scripts/bench}. It prints medians and
 * ratios and asserts nothing about time.
 */
@ExtendWith(LocalRedisExtension.class)
class RunbookBenchmark {

    private static final int WARMUP = 20;
    private static final int ROUNDS = 200;
    private static final LogRules RULES = LogRules.defaults().allow(LogRules.MEMORY_OVERCOMMIT_WARNING);

    @Test
    void stepsAgainstTheInfoReplicationBaseline(LocalRedis redis) {
        RedisEndpoints topology = redis.startTrio(LocalServer.REDIS_7_0_15).topology();
        Map<String, Runnable> steps = new LinkedHashMap<>();
        steps.put("baseline: INFO replication on every node", () -> {
            topology.master().info("replication");
            topology.replicas().forEach(replica -> replica.info("replication"));
        });
        steps.put("1. assertReplicationUp", () -> assertReplicationUp(topology, Duration.ofSeconds(5)));
        steps.put("2. assertPropagates", () -> assertPropagates(topology));
        steps.put("2b. assertReplicasAcknowledgeWrites", () -> assertReplicasAcknowledgeWrites(topology, Duration.ofSeconds(1)));
        steps.put("3. assertLogsClean", () -> assertLogsClean(topology, RULES));
        steps.put("5. assertReplicasReadOnly", () -> assertReplicasReadOnly(topology));

        Map<String, Double> medians = new LinkedHashMap<>();
        steps.forEach((name, step) -> medians.put(name, medianMicros(step)));
        double baseline = medians.values().iterator().next();
        System.out.printf(Locale.ROOT, "%n%-45s %12s %8s%n", "step (" + ROUNDS + " rounds, local trio)", "median µs", "ratio");
        medians.forEach((name, micros) ->
                System.out.printf(Locale.ROOT, "%-45s %12.1f %7.2fx%n", name, micros, micros / baseline));
    }

    private static double medianMicros(Runnable step) {
        for (int i = 0; i < WARMUP; i++) {
            step.run();
        }
        long[] nanos = new long[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
            long start = System.nanoTime();
            step.run();
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        return nanos[ROUNDS / 2] / 1_000.0;
    }
}
