package io.github.redishajunit.certification;

import static io.github.redishajunit.assertions.RedisHAAssertions.assertAuthRequired;
import static io.github.redishajunit.assertions.RedisHAAssertions.assertExternalEndpointReachesMaster;
import static io.github.redishajunit.assertions.RedisHAAssertions.assertLogsClean;
import static io.github.redishajunit.assertions.RedisHAAssertions.assertPersistent;
import static io.github.redishajunit.assertions.RedisHAAssertions.assertPropagates;
import static io.github.redishajunit.assertions.RedisHAAssertions.assertReplicasAcknowledgeWrites;
import static io.github.redishajunit.assertions.RedisHAAssertions.assertReplicasReadOnly;
import static io.github.redishajunit.assertions.RedisHAAssertions.assertReplicationUp;
import static io.github.redishajunit.assertions.RedisHAAssertions.assertSentinelsAgree;
import static io.github.redishajunit.certification.DrillEntries.drill;
import static io.github.redishajunit.certification.DrillEntries.drillEntry;
import static io.github.redishajunit.certification.DrillEntries.masterDrill;

import io.github.redishajunit.HACluster;
import io.github.redishajunit.RedisHACluster;
import io.github.redishajunit.assertions.AcknowledgementResult;
import io.github.redishajunit.assertions.AuthResult;
import io.github.redishajunit.assertions.Convergence;
import io.github.redishajunit.assertions.PropagationResult;
import io.github.redishajunit.drills.LagReport;
import io.github.redishajunit.drills.RedisHADrills;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apiguardian.api.API;
import org.assertj.core.api.Fail;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The runbook as an ordered suite: the article's four steps plus one true master (and the Sentinels' agreement),
 * durability, security, read-only and persistence checks. Steps that do not apply to a stack (no Sentinels, no
 * external endpoint) are aborted as not applicable, never failed. The drills (steps 7 to 15) disrupt the stack under
 * write load and run only when {@code redis.ha.drills} asks for them ({@code scripts/certify --drills [LIST]});
 * step 16 then certifies the stack again.
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
@ExtendWith(CertificationSettings.Resolver.class)
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public class RedisHACertification {

    /** The report entry key under which each step publishes its observed values. */
    public static final String OBSERVED = "observed";

    /** The report entry key of what was found and how, published before the first step. */
    public static final String FOUND = "found";

    /** The report entry key of a step's warning: the step passes, the report says WARN (fails with strict). */
    public static final String WARNING = "warning";

    /** The key of a drill's one-line result ({@code drill <name>: acknowledged writes lost: N, ...}). */
    public static final String DRILL = "drill";

    /** The prefix of a step's measured figures in its report entry, e.g. {@code figure.replica:NAME:latencyUs}. */
    public static final String FIGURE = "figure.";

    /** The prefix of a drill's figures in its report entry, e.g. {@code drill.acknowledgedLost}. */
    public static final String DRILL_FIGURE = "drill.";

    @RedisHACluster
    protected static HACluster cluster;

    @BeforeAll
    static void sayWhatWasFound(TestReporter report) {
        report.publishEntry(FOUND, cluster.discovery());
        report.publishEntry(StackFacts.of(cluster));
    }

    @Test
    @Order(1)
    @DisplayName("1. replication: one master, every replica linked to it and in sync")
    public void replicationIsUp(TestReporter report) {
        String observed = Observations.of(assertReplicationUp(cluster, Convergence.REPLICATION));
        String labels = RoleLabelCheck.run(cluster);
        String proxies = ProxyCheck.run(cluster);
        report.publishEntry(OBSERVED, Stream.of(observed, labels, proxies).filter(part -> !part.isEmpty())
                .collect(Collectors.joining("; ")));
    }

    @Test
    @Order(2)
    @DisplayName("1b. Sentinel: every Sentinel names the master, with quorum")
    public void sentinelsAgree(TestReporter report) {
        NotApplicable.sentinels(cluster).ifPresent(Assumptions::abort);
        report.publishEntry(OBSERVED, Observations.of(assertSentinelsAgree(cluster, Convergence.SENTINELS)));
    }

    @Test
    @Order(3)
    @DisplayName("2. propagation: a write on the master is read on every replica")
    public void writesPropagate(TestReporter report) {
        PropagationResult result = assertPropagates(cluster);
        Map<String, String> entry = new LinkedHashMap<>();
        entry.put(OBSERVED, Observations.of(result));
        result.latencies().forEach(latency -> entry.put(FIGURE + "replica:" + latency.node() + ":latencyUs",
                String.valueOf(latency.latency().toNanos() / 1000)));
        report.publishEntry(entry);
    }

    @Test
    @Order(4)
    @DisplayName("2b. durability: WAIT on the writing connection counts every replica")
    public void writesAreAcknowledged(TestReporter report) {
        AcknowledgementResult result = assertReplicasAcknowledgeWrites(cluster, Convergence.ACKNOWLEDGEMENT);
        report.publishEntry(Map.of(OBSERVED, Observations.of(result), FIGURE + "replicas", String.valueOf(
                result.replicas()), FIGURE + "acknowledged", String.valueOf(result.acknowledged()), FIGURE + "waitUs",
                String.valueOf(result.elapsed().toNanos() / 1000)));
    }

    @Test
    @Order(5)
    @DisplayName("3. boot logs: ready and synchronized, no warnings")
    public void logsAreClean(TestReporter report) {
        report.publishEntry(OBSERVED, Observations.of(assertLogsClean(cluster)));
    }

    @Test
    @Order(6)
    @DisplayName("4. NodePort: PING from outside answers PONG and reaches the master")
    public void nodePortReachesMaster(TestReporter report) {
        NotApplicable.externalEndpoint(cluster).ifPresent(Assumptions::abort);
        report.publishEntry(OBSERVED, Observations.of(assertExternalEndpointReachesMaster(cluster)));
    }

    @Test
    @Order(7)
    @DisplayName("4b. security: without the password no endpoint answers")
    public void authIsRequired(TestReporter report, CertificationSettings settings) {
        if (cluster.connectionSettings().credentials().isPresent()) {
            AuthResult auth = assertAuthRequired(cluster);
            if (auth.warning().isPresent() && settings.strict()) {
                Fail.fail("Expecting Redis HA cluster in " + cluster.location() + "\nto have a masterauth on every"
                        + " node (strict)\nbut " + auth.warning().get());
            }
            auth.warning().ifPresent(warning -> report.publishEntry(WARNING, warning));
            report.publishEntry(OBSERVED, Observations.of(auth));
            return;
        }
        OpenEndpointCheck open = OpenEndpointCheck.run(cluster);
        if (open.warning().isPresent() && settings.strict()) {
            Fail.fail("Expecting Redis HA cluster in " + cluster.location() + "\nto refuse clients without a password"
                    + " on its external endpoint (strict)\nbut " + open.warning().get());
        }
        open.warning().ifPresent(warning -> report.publishEntry(WARNING, warning));
        report.publishEntry(OBSERVED, open.observed());
    }

    @Test
    @Order(8)
    @DisplayName("4c. TLS: plaintext refused, replication over TLS, certificates cover the names handed out")
    public void tlsHolds(TestReporter report, CertificationSettings settings) {
        TlsCheck tls = TlsCheck.run(cluster);
        boolean failed = tls.verdict().equals("FAIL") || tls.verdict().equals("WARN") && settings.strict();
        switch (failed ? "FAIL" : tls.verdict()) {
            case "N/A" -> Assumptions.abort(tls.reason());
            case "FAIL" -> Fail.fail("Expecting Redis HA cluster in " + cluster.location() + "\nto speak TLS only,"
                    + " with certificates that chain to its CA, cover the names it hands out and have not expired\nbut "
                    + tls.reason() + "\nTLS: " + tls.observed());
            case "WARN" -> report.publishEntry(WARNING, tls.reason());
            default -> { }
        }
        report.publishEntry(OBSERVED, tls.observed());
    }

    @Test
    @Order(9)
    @DisplayName("5. replicas reject writes (READONLY)")
    public void replicasAreReadOnly(TestReporter report) {
        report.publishEntry(OBSERVED, Observations.of(assertReplicasReadOnly(cluster)));
    }

    @Test
    @Order(10)
    @DisplayName("6. persistence: data on Bound PersistentVolumeClaims, the master persists, saves succeed")
    public void dataIsPersistent(TestReporter report) {
        String volumes = DataVolumeCheck.run(cluster);
        report.publishEntry(OBSERVED, volumes + "; " + Observations.of(assertPersistent(cluster)));
    }

    @Test
    @Order(11)
    @DisplayName("6b. placement: the master and its replicas on different nodes (and zones)")
    public void podsAreSpread(TestReporter report, CertificationSettings settings) {
        PlacementCheck placement = PlacementCheck.run(cluster);
        boolean failed = placement.verdict().equals("FAIL") || placement.verdict().equals("WARN") && settings.strict();
        switch (failed ? "FAIL" : placement.verdict()) {
            case "N/A" -> Assumptions.abort(placement.reason());
            case "FAIL" -> Fail.fail("Expecting the master and the replicas of Redis HA cluster in " + cluster.location()
                    + "\nto run on different nodes\nbut " + placement.reason() + "\nplacement: " + placement.observed());
            case "WARN" -> report.publishEntry(WARNING, placement.reason());
            default -> { }
        }
        report.publishEntry(OBSERVED, placement.observed());
    }

    @Test
    @Order(12)
    @Drill(DrillSelection.POD_DELETE)
    @DisplayName("7. drill: the master pod deleted under write load, every acknowledged write kept")
    public void masterPodDeletedUnderLoad(TestReporter report) {
        masterDrill(report, cluster, () -> RedisHADrills.on(cluster).masterPodDeleted());
    }

    @Test
    @Order(13)
    @Drill(DrillSelection.POD_DELETE)
    @DisplayName("8. drill: a replica pod deleted under write load, it re-links and has every acknowledged write")
    public void replicaPodDeletedUnderLoad(TestReporter report) {
        NotApplicable.replicas(cluster).ifPresent(Assumptions::abort);
        report.publishEntry(OBSERVED, drill(report, () -> RedisHADrills.on(cluster).replicaPodDeleted()));
    }

    @Test
    @Order(14)
    @Drill(DrillSelection.FORCE_DELETE)
    @DisplayName("9. drill: the master pod force-deleted (grace period 0) under write load, every acknowledged write"
            + " kept")
    public void masterPodForceDeletedUnderLoad(TestReporter report) {
        masterDrill(report, cluster, () -> RedisHADrills.on(cluster).masterPodForceDeleted());
    }

    @Test
    @Order(15)
    @Drill(DrillSelection.RESTART_IN_PLACE)
    @DisplayName("10. drill: the master restarted in place (SHUTDOWN NOSAVE) under write load, every acknowledged"
            + " write kept")
    public void masterRestartedInPlaceUnderLoad(TestReporter report) {
        masterDrill(report, cluster, () -> RedisHADrills.on(cluster).masterRestartedInPlace());
    }

    @Test
    @Order(16)
    @Drill(DrillSelection.HUNG_MASTER)
    @DisplayName("11. drill: the master hung (CLIENT PAUSE ALL for 10 s) under write load, every acknowledged write"
            + " kept")
    public void masterHungUnderLoad(TestReporter report) {
        masterDrill(report, cluster, () -> RedisHADrills.on(cluster).masterHung());
    }

    @Test
    @Order(17)
    @Drill(DrillSelection.COLD_START)
    @DisplayName("12. drill: every pod deleted at once (cold start), one master afterwards, every acknowledged write"
            + " kept")
    public void coldStartUnderLoad(TestReporter report) {
        masterDrill(report, cluster, () -> RedisHADrills.on(cluster).coldStart());
    }

    @Test
    @Order(18)
    @Drill(DrillSelection.ISOLATE_MASTER)
    @DisplayName("13. drill: the master isolated from its replicas and Sentinels under write load, every write it"
            + " acknowledged kept")
    public void masterIsolatedUnderLoad(TestReporter report) {
        masterDrill(report, cluster, () -> RedisHADrills.on(cluster).masterIsolated());
    }

    @Test
    @Order(19)
    @Drill(DrillSelection.LAG)
    @DisplayName("14. drill: replication lag under a sustained write load (1000 writes/s of 1 KiB for 10 s), every"
            + " acknowledged write on every node")
    public void lagUnderLoad(TestReporter report) {
        LagReport lag = RedisHADrills.on(cluster).lagUnderLoad();
        report.publishEntry(drillEntry(lag.line(), lag.figures()));
        report.publishEntry(OBSERVED, lag.summary());
    }

    @Test
    @Order(20)
    @Drill(DrillSelection.SENTINEL_QUORUM)
    @DisplayName("15. drill: a majority of the Sentinels gone under write load, no failover, every acknowledged write"
            + " kept")
    public void sentinelMajorityLostUnderLoad(TestReporter report) {
        NotApplicable.sentinelMajority(cluster).ifPresent(Assumptions::abort);
        report.publishEntry(OBSERVED, drill(report, () -> RedisHADrills.on(cluster).sentinelMajorityLost()));
    }

    @Test
    @Order(21)
    @Drill(DrillSelection.NODE_LOSS)
    @DisplayName("15b. drill: the master's node lost under write load, every acknowledged write kept, the node back")
    public void masterNodeLostUnderLoad(CertificationSettings settings, TestReporter report) {
        NotApplicable.nodeLoss(cluster, settings).ifPresent(Assumptions::abort);
        masterDrill(report, cluster, () -> RedisHADrills.on(cluster).masterNodeLost(settings.nodeOutage().get()));
    }

    @Test
    @Order(22)
    @Drill(DrillSelection.AFTER_ANY)
    @DisplayName("16. after the drills: one master, every replica linked, writes propagate and are acknowledged")
    public void certifiesCleanAfterTheDrills(TestReporter report) {
        String observed = Observations.of(assertReplicationUp(cluster, Convergence.REPLICATION));
        if (!cluster.sentinels().isEmpty()) {
            observed += "; " + Observations.of(assertSentinelsAgree(cluster, Convergence.SENTINELS));
        }
        if (!cluster.proxies().isEmpty()) {
            observed += "; " + ProxyCheck.run(cluster, Convergence.SENTINELS);
        }
        report.publishEntry(OBSERVED, observed + "; " + Observations.of(assertPropagates(cluster)) + "; "
                + Observations.of(assertReplicasAcknowledgeWrites(cluster, Convergence.ACKNOWLEDGEMENT)) + "; "
                + Observations.of(assertReplicasReadOnly(cluster)));
    }
}
