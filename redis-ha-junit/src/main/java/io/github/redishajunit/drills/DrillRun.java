package io.github.redishajunit.drills;

import static io.github.redishajunit.assertions.RedisHAAssertions.assertReplicationUp;
import static io.github.redishajunit.assertions.RedisHAAssertions.assertSentinelsAgree;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.github.redishajunit.HACluster;
import io.github.redishajunit.assertions.Convergence;
import io.github.redishajunit.RedisNode;
import io.github.redishajunit.RedisPod;
import io.github.redishajunit.drills.AcknowledgedWriter.Outcome;
import io.github.redishajunit.drills.AcknowledgedWriter.Write;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Running one drill of {@link RedisHADrills} and judging it: what is known of the stack before, the write load
 * around the disruption, the recovery stages, then every acknowledged key checked on every node and the report (a
 * {@link DrillFailure} when more writes were lost than tolerated).
 */
record DrillRun(HACluster cluster, int writesPerSecond, int preloadedKeys, Duration bound, int toleratedLosses,
        Workload workload) {

    /** The recovery of a drill that disrupts the master for a while, given the master, its locator and pod UID. */
    interface TimedRecovery {
        Recovery of(RedisPod master, MasterLocator locator, String oldUid);
    }

    /** A drill that disrupts the master's server for {@code length} (1 s to 5 min), its pod staying Running. */
    DrillReport timedMasterDrill(Fault fault, String what, Duration length, TimedRecovery recovery) {
        if (length == null || length.compareTo(Duration.ofSeconds(1)) < 0
                || length.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException(what + " must be 1 s to 5 min but was " + length);
        }
        DrillRun.Start start = start();
        RedisPod master = cluster.master();
        MasterLocator locator = MasterLocator.of(cluster, master.name());
        String drill = fault.drill("master") + (locator.sentinels().isEmpty() ? "" : ", Sentinels watching");
        return run(drill, fault, length, master, locator, start,
                recovery.of(master, locator, start.podUid(master.name())));
    }

    DrillReport masterDrill(Fault fault) {
        DrillRun.Start start = start();
        RedisPod master = cluster.master();
        MasterLocator locator = MasterLocator.of(cluster, master.name());
        String drill = fault.drill("master") + (cluster.sentinels().isEmpty() ? "" : ", Sentinel failover");
        return run(drill, fault, Duration.ZERO, master, locator, start, Recovery.masterBack(stages(), master, locator,
                start.podUid(master.name()), start.masterRunId(), fault == Fault.RESTART_IN_PLACE));
    }

    /** What is known of the stack before the disruption. */
    record Start(Map<String, String> uids, String masterRunId, ResyncCounters counters, String master,
            int replicas, MinReplicas minReplicas) {
        String podUid(String pod) {
            return uids.getOrDefault(pod, "");
        }
    }

    Start start() {
        cluster.observeRoles();
        assertReplicationUp(cluster, Convergence.REPLICATION);
        awaitSentinelsSettled();
        Map<String, String> uids = new LinkedHashMap<>();
        for (RedisNode node : cluster.nodes()) {
            Pod pod = ((RedisPod) node).pod();
            uids.put(node.name(), pod == null ? "" : pod.getMetadata().getUid());
        }
        ResyncCounters counters = ResyncCounters.of(cluster.master());
        return new Start(uids, counters.runId(), counters, cluster.master().name(), cluster.replicas().size(),
                MinReplicas.of(cluster.master()));
    }

    DrillReport run(String drill, Fault fault, Duration stall, RedisPod victim, Supplier<RedisNode> master,
            Start start, Recovery recovery) {
        return run(() -> drill, fault, stall, victim, master, start, recovery,
                startNanos -> fault.inflict(cluster, victim, stall));
    }

    /** How a drill disrupts the stack, given when the disruption started ({@link System#nanoTime()}). */
    interface Disrupt {
        void inflict(long startNanos);
    }

    /** A drill: {@code disrupt} under write load, then {@code recovery}; {@code drill} names it once it is over. */
    DrillReport run(Supplier<String> drill, Fault fault, Duration stall, RedisPod victim,
            Supplier<RedisNode> master, Start start, Recovery recovery, Disrupt disrupt) {
        String prefix = "rha-drill:" + UUID.randomUUID().toString().substring(0, 8) + ":";
        List<Write> preloaded;
        List<Write> written;
        Disruption disruption;
        Optional<Duration> sentinelsAgreed;
        Duration linked;
        Duration splitBrain;
        Map<String, Optional<Long>> promotions = new HashMap<>();
        try (AcknowledgedWriter writer = new AcknowledgedWriter(master, cluster.connectionSettings(),
                start.replicas(), prefix, workload); RoleSampler roles = RoleSampler.start(cluster.nodes())) {
            preloaded = writer.preload(preloadedKeys, Duration.ofSeconds(10));
            writer.start(writesPerSecond);
            awaitLoad(writer);
            disruption = new Disruption(victim.name(), fault, stall, System.nanoTime());
            disrupt.inflict(disruption.nanos());
            sentinelsAgreed = recovery.await(disruption);
            AtomicReference<String> seen = new AtomicReference<>("not asked yet");
            Stages stages = stages();
            stages.await(disruption, "a write to succeed again", () -> seen.get() + "; last write error: "
                    + writer.lastError(), () -> {
                        seen.set(Outage.of(writer.writes(), disruption.nanos()).ended() ? "written"
                                : "no write succeeded");
                        return seen.get().equals("written");
                    });
            stages.await(disruption, "every replica to be linked to the master and listed online by it", seen::get,
                    () -> {
                        seen.set(cluster.observeRoles() + "; " + RecoveryProbes.linkState(cluster));
                        return RecoveryProbes.allLinked(cluster);
                    });
            linked = disruption.elapsed();
            written = writer.stop();
            splitBrain = roles.splitBrain();
            cluster.nodes().forEach(node -> promotions.put(node.name(), roles.promotedAt(node.name())));
        }
        assertReplicationUp(cluster, Convergence.REPLICATION);
        String described = workload == null ? drill.get() : drill.get() + ", writes through the application's workload";
        return verify(described, victim, start, prefix, preloaded, written, disruption, sentinelsAgreed, linked,
                splitBrain, promotions);
    }

    private DrillReport verify(String drill, RedisPod victim, Start start, String prefix, List<Write> preloaded,
            List<Write> written, Disruption disruption, Optional<Duration> sentinelsAgreed, Duration linked,
            Duration splitBrain, Map<String, Optional<Long>> promotions) {
        List<Write> all = new ArrayList<>(preloaded);
        all.addAll(written);
        List<String> acknowledged = all.stream().filter(w -> w.outcome() == Outcome.ACKNOWLEDGED).map(Write::key)
                .toList();
        List<String> unconfirmed = all.stream().filter(w -> w.outcome() == Outcome.UNCONFIRMED).map(Write::key)
                .toList();
        RedisNode master = cluster.master();
        Map<String, List<String>> missing = KeyCheck.missing(cluster.nodes(), acknowledged);
        List<String> unconfirmedMissing = KeyCheck.missing(List.of(master), unconfirmed)
                .getOrDefault(master.name(), List.of());
        // a write the application's workload timed out on was never acknowledged to it: missing, it is no loss
        int unconfirmedLost = workload == null ? unconfirmedMissing.size() : 0;
        Set<String> lostKeys = missing.values().stream().flatMap(List::stream).collect(Collectors.toSet());
        int lost = lostKeys.size();
        // lost, and sent after the master at the end was promoted: written to a server no longer the master
        int toFormerMaster = master.name().equals(start.master()) ? 0 : promotions.getOrDefault(master.name(),
                Optional.empty()).map(promotedNanos -> (int) written.stream().filter(w -> w.sentNanos() >= promotedNanos
                        && lostKeys.contains(w.key())).count()).orElse(0);
        Outage outage = Outage.of(written, disruption.nanos());
        String resyncs = ResyncCounters.of(master).since(start.counters()).describe();
        Fault fault = disruption.fault();
        // an isolated master acknowledges writes no replica gets: whether it keeps them is what that drill is about;
        // elsewhere a write WAIT did not confirm may be lost by asynchronous replication: reported, not failed
        Map<String, List<String>> gone = new LinkedHashMap<>(missing);
        if (fault == Fault.ISOLATE && unconfirmedLost > 0) {
            gone.merge(master.name(), unconfirmedMissing,
                    (a, b) -> Stream.concat(a.stream(), b.stream()).distinct().toList());
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        gone.forEach((node, keys) -> counts.put(node, keys.size()));
        String pod = victim.name();
        String name = fault.shortName() + (pod.equals(start.master()) ? "" : " (replica " + pod + ")");
        int refused = (int) written.stream().filter(Write::refusedForLackOfReplicas).count();
        DrillReport report = new DrillReport(
                new DrillReport.Subject(name, drill, cluster.location(), pod, fault.noun()),
                new DrillReport.Writes(preloaded.size(), written.size(), count(written, Outcome.FAILED),
                        unconfirmed.size(), acknowledged.size(), refused),
                new DrillReport.Losses(lost, counts, unconfirmedLost, toFormerMaster),
                new DrillReport.Timeline(outage.length(), outage.resumed(), linked, sentinelsAgreed, splitBrain),
                new DrillReport.Masters(start.master(), master.name(), resyncs));
        KeyCheck.remove(master, all.stream().map(Write::key).toList());
        if ((fault == Fault.ISOLATE ? report.acknowledgedLost() : lost) > toleratedLosses) {
            List<String> before = all.stream().filter(w -> w.outcome() == Outcome.ACKNOWLEDGED
                    && w.sentNanos() < disruption.nanos()).map(Write::key).toList();
            throw new DrillFailure(report, LossMessage.of(report, fault, gone, master.name(),
                    cluster.replicas().stream().map(RedisNode::name).toList(), acknowledged.size(), before,
                    toleratedLosses, start.minReplicas()));
        }
        return report;
    }

    /**
     * With Sentinels, a drill starts only once every Sentinel names the master with quorum and counts every replica
     * and every other Sentinel (step 1b's check): after a drill that recreated pods, a Sentinel may still flag a
     * replica down at its old address (its name resolves anew only after the cluster DNS's cache), and a failover in
     * that window leaves that replica unreconfigured, following the old master, until {@code failover-timeout}
     * passes again. Passes at once on a settled stack.
     */
    private void awaitSentinelsSettled() {
        if (!cluster.sentinels().isEmpty()) {
            assertSentinelsAgree(cluster, Convergence.SENTINELS);
        }
    }

    /** The write load runs before the disruption: wait for the first acknowledged writes. */
    private void awaitLoad(AcknowledgedWriter writer) {
        try {
            await("the drill's writer to get its first writes acknowledged").atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> count(writer.writes(), Outcome.ACKNOWLEDGED) >= Math.max(1, writesPerSecond / 4));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("Expecting the Redis HA stack in " + cluster.location() + " to acknowledge"
                    + " writes before the drill disrupts it\nbut within 10 s " + count(writer.writes(),
                            Outcome.ACKNOWLEDGED) + " of " + writer.writes().size() + " writes were acknowledged "
                    + (workload == null ? "by WAIT for every replica" : "through the application's workload")
                    + " (last error: " + writer.lastError() + ")" + (workload == null ? ""
                            : UnmappedAddresses.hint(cluster.addresses(), writer.lastError())), e);
        }
    }

    Stages stages() {
        return new Stages(cluster.location(), bound);
    }

    private static int count(List<Write> writes, Outcome outcome) {
        return (int) writes.stream().filter(w -> w.outcome() == outcome).count();
    }
}
