package io.github.redishajunit.certification;

import static io.github.redishajunit.assertions.RedisHAAssertions.assertExternalEndpointReachesMaster;
import static io.github.redishajunit.assertions.RedisHAAssertions.assertLogsClean;
import static io.github.redishajunit.assertions.RedisHAAssertions.assertPersistent;
import static io.github.redishajunit.assertions.RedisHAAssertions.assertPropagates;
import static io.github.redishajunit.assertions.RedisHAAssertions.assertReplicasAcknowledgeWrites;
import static io.github.redishajunit.assertions.RedisHAAssertions.assertReplicasReadOnly;
import static io.github.redishajunit.assertions.RedisHAAssertions.assertReplicationUp;

import io.github.redishajunit.HACluster;
import io.github.redishajunit.RedisHACluster;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.TestReporter;

/**
 * The runbook as an ordered suite: the article's four steps plus the durability, read-only and persistence checks.
 * Each step publishes what it observed as the report entry {@value #OBSERVED}, which {@code scripts/certify} prints.
 *
 * <p>Which stack it certifies comes from the {@code redis.ha.*} configuration parameters (or system properties), so
 * an application repo reuses it by extending it and configuring, e.g. in {@code junit-platform.properties}:
 *
 * <pre>{@code
 * class RedisCertificationIT extends RedisHACertification {}
 *
 * redis.ha.provision=false
 * redis.ha.namespace=redis
 * }</pre>
 *
 * With {@code redis.ha.provision=false} the stack in {@code redis.ha.namespace} is attached to, never modified
 * beyond the steps' temporary keys, and never deleted. Otherwise the default manifest is deployed into a fresh
 * namespace first and removed afterwards (by the cleanup policy).
 */
@DisplayName("Redis HA certification")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public class RedisHACertification {

    /** The report entry key under which each step publishes its observed values. */
    public static final String OBSERVED = "observed";

    /** How long a replica may take to reach the master's offset snapshot (the master pings every 10 s). */
    static final Duration OFFSET_BOUND = Duration.ofSeconds(15);

    /** How long WAIT may wait for every replica to acknowledge. */
    static final Duration ACKNOWLEDGEMENT_TIMEOUT = Duration.ofSeconds(2);

    @RedisHACluster
    protected static HACluster cluster;

    @Test
    @Order(1)
    @DisplayName("1. replication: master sees every replica online, each replica linked and in sync")
    public void replicationIsUp(TestReporter report) {
        report.publishEntry(OBSERVED, Observations.of(assertReplicationUp(cluster, OFFSET_BOUND)));
    }

    @Test
    @Order(2)
    @DisplayName("2. propagation: a write on the master is read on every replica")
    public void writesPropagate(TestReporter report) {
        report.publishEntry(OBSERVED, Observations.of(assertPropagates(cluster)));
    }

    @Test
    @Order(3)
    @DisplayName("2b. durability: WAIT on the writing connection counts every replica")
    public void writesAreAcknowledged(TestReporter report) {
        report.publishEntry(OBSERVED, Observations.of(assertReplicasAcknowledgeWrites(cluster, ACKNOWLEDGEMENT_TIMEOUT)));
    }

    @Test
    @Order(4)
    @DisplayName("3. boot logs: ready and synchronized, no warnings")
    public void logsAreClean(TestReporter report) {
        report.publishEntry(OBSERVED, Observations.of(assertLogsClean(cluster)));
    }

    @Test
    @Order(5)
    @DisplayName("4. NodePort: PING from outside answers PONG and reaches the master")
    public void nodePortReachesMaster(TestReporter report) {
        report.publishEntry(OBSERVED, Observations.of(assertExternalEndpointReachesMaster(cluster)));
    }

    @Test
    @Order(6)
    @DisplayName("5. replicas reject writes (READONLY)")
    public void replicasAreReadOnly(TestReporter report) {
        report.publishEntry(OBSERVED, Observations.of(assertReplicasReadOnly(cluster)));
    }

    @Test
    @Order(7)
    @DisplayName("6. persistence: data on Bound PersistentVolumeClaims, the master persists, saves succeed")
    public void dataIsPersistent(TestReporter report) {
        String volumes = DataVolumeCheck.run(cluster);
        report.publishEntry(OBSERVED, volumes + "; " + Observations.of(assertPersistent(cluster)));
    }
}
