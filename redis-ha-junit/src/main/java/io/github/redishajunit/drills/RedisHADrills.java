package io.github.redishajunit.drills;

import static io.github.redishajunit.assertions.RedisHAAssertions.assertReplicationUp;
import static io.github.redishajunit.assertions.RedisHAAssertions.assertSentinelsAgree;
import static org.awaitility.Awaitility.await;

import io.github.redishajunit.HACluster;
import io.github.redishajunit.RedisNode;
import io.github.redishajunit.RedisPod;
import io.github.redishajunit.drills.AcknowledgedWriter.Outcome;
import io.github.redishajunit.drills.AcknowledgedWriter.Write;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;

/**
 * HA drills: disrupt the stack under a bounded write load and count what survives. Each drill starts from a stack
 * whose replication is up, preloads keys, runs an {@link AcknowledgedWriter} (unique keys, each write followed by
 * {@code WAIT} for every replica), disrupts a pod (deletes it, force-deletes it, restarts its server in place, or
 * hangs its server for a while) or deletes every pod at once, measures the recovery, then checks every acknowledged
 * key on the master and on each replica, removes the drill's keys and returns a {@link DrillReport}. It fails (an
 * {@link AssertionError} that names what was lost and where) when more acknowledged writes were lost than tolerated
 * (none by default), and when the stack does not recover within the bound.
 *
 * <pre>{@code
 * @RedisHACluster static HACluster redis;
 *
 * @Test void survivesLosingItsMaster() {
 *     DrillReport report = RedisHADrills.on(redis).masterPodDeleted();
 *     System.out.println(report.summary());
 * }
 * }</pre>
 *
 * Drills are disruptive: run them on stacks made for testing, or with {@code scripts/certify --drills} on purpose.
 * Traffic goes only to the stack's own pods, through the handle's port-forwards.
 */
public final class RedisHADrills {

    /** Writes per second unless {@link #writesPerSecond(int)} says otherwise. */
    public static final int DEFAULT_WRITES_PER_SECOND = 50;

    /** Keys written before the disruption unless {@link #preloadedKeys(int)} says otherwise. */
    public static final int DEFAULT_PRELOADED_KEYS = 1000;

    /** How long the stack may take to recover unless {@link #within(Duration)} says otherwise. */
    public static final Duration DEFAULT_BOUND = Duration.ofSeconds(120);

    /** How long {@link #masterHung()} hangs the master's server. */
    public static final Duration DEFAULT_STALL = Duration.ofSeconds(10);

    /** The lag drill's rate unless {@link #lagUnderLoad(int, Duration)} says otherwise. */
    public static final int DEFAULT_LAG_RATE = 1000;

    /** The size of each value the lag drill writes. */
    public static final int LAG_VALUE_BYTES = 1024;

    private static final Duration OFFSET_BOUND = Duration.ofSeconds(15);

    /** How long the Sentinels may take to settle before a drill: their refresh plus the cluster DNS's 30 s cache. */
    private static final Duration SENTINEL_BOUND = Duration.ofSeconds(60);

    private final HACluster cluster;
    private final int writesPerSecond;
    private final int preloadedKeys;
    private final Duration bound;
    private final int toleratedLosses;

    private RedisHADrills(HACluster cluster, int writesPerSecond, int preloadedKeys, Duration bound,
            int toleratedLosses) {
        this.cluster = cluster;
        this.writesPerSecond = writesPerSecond;
        this.preloadedKeys = preloadedKeys;
        this.bound = bound;
        this.toleratedLosses = toleratedLosses;
    }

    /** Drills on {@code cluster}, with the default load and bounds. */
    public static RedisHADrills on(HACluster cluster) {
        return new RedisHADrills(Objects.requireNonNull(cluster, "cluster"), DEFAULT_WRITES_PER_SECOND,
                DEFAULT_PRELOADED_KEYS, DEFAULT_BOUND, 0);
    }

    /** The writer's rate during the drill, 1 to 1000 writes a second. */
    public RedisHADrills writesPerSecond(int rate) {
        if (rate < 1 || rate > 1000) {
            throw new IllegalArgumentException("writesPerSecond must be 1 to 1000 but was " + rate
                    + " (a drill's load is bounded: pick a rate the stack under test is meant to take)");
        }
        return new RedisHADrills(cluster, rate, preloadedKeys, bound, toleratedLosses);
    }

    /** Keys written and acknowledged before the disruption, 0 to 100000. */
    public RedisHADrills preloadedKeys(int count) {
        if (count < 0 || count > 100_000) {
            throw new IllegalArgumentException("preloadedKeys must be 0 to 100000 but was " + count);
        }
        return new RedisHADrills(cluster, writesPerSecond, count, bound, toleratedLosses);
    }

    /** How long each recovery stage may take (the writer stops at the latest then), 1 s to 30 min. */
    public RedisHADrills within(Duration recoveryBound) {
        if (recoveryBound == null || recoveryBound.compareTo(Duration.ofSeconds(1)) < 0
                || recoveryBound.compareTo(Duration.ofMinutes(30)) > 0) {
            throw new IllegalArgumentException("within must be 1 s to 30 min but was " + recoveryBound);
        }
        return new RedisHADrills(cluster, writesPerSecond, preloadedKeys, recoveryBound, toleratedLosses);
    }

    /**
     * How many acknowledged writes may be lost before the drill fails; 0 (the default) for any stack whose writes
     * {@code WAIT} confirmed on every replica.
     */
    public RedisHADrills toleratingLostWrites(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("toleratingLostWrites must be 0 or more but was " + count);
        }
        return new RedisHADrills(cluster, writesPerSecond, preloadedKeys, bound, count);
    }

    /**
     * Deletes the master's pod under write load. Without Sentinels the same pod comes back and must still have every
     * acknowledged write; with Sentinels they fail over to another pod, which must have them, and the old master must
     * rejoin as a replica. Measures the write outage, the time until every replica is linked again (and every
     * Sentinel names the new master), and the resynchronizations.
     */
    public DrillReport masterPodDeleted() {
        return masterDrill(Fault.DELETE);
    }

    /**
     * {@link #masterPodDeleted()} with grace period 0: the pod object is gone at once, its containers are killed
     * without their preStop hooks or a graceful shutdown, and a StatefulSet may start the new pod while the old
     * server is still being killed.
     */
    public DrillReport masterPodForceDeleted() {
        return masterDrill(Fault.FORCE_DELETE);
    }

    /**
     * Restarts the master's server inside its pod under write load: {@code SHUTDOWN NOSAVE} on its connection, and
     * the kubelet starts the container again (the same pod, UID and IP). Without Sentinels the same pod must answer
     * again as a master, with a new {@code run_id}, and still have every acknowledged write (a server without
     * persistence comes back empty, and its replicas resync from it); with Sentinels every one of them must name a
     * master that answers as one: a new one after a failover, or this one restarted before they failed over.
     */
    public DrillReport masterRestartedInPlace() {
        return masterDrill(Fault.RESTART_IN_PLACE);
    }

    /**
     * Hangs the master's server for {@link #DEFAULT_STALL} under write load: {@link #masterHung(Duration)} with 10 s.
     */
    public DrillReport masterHung() {
        return masterHung(DEFAULT_STALL);
    }

    /**
     * Hangs the master's server for {@code stall} (1 s to 5 min) under write load: {@code CLIENT PAUSE <ms> ALL} on a
     * connection of its own (Redis 6.2 or later), so it answers no client, Sentinels' pings included, while its pod
     * stays Running and its replicas keep replicating. Without Sentinels the same pod and server must answer again as
     * a master and still have every acknowledged write; with Sentinels every one of them must name a master that
     * answers as one: a new one if they failed over (a stall longer than their {@code down-after-milliseconds}), or
     * this one answering again after the stall.
     */
    public DrillReport masterHung(Duration stall) {
        return timedMasterDrill(Fault.HUNG, "masterHung's stall", stall,
                (master, locator, oldUid) -> Recovery.masterAnswersAgain(stages(), master, locator, oldUid));
    }

    /**
     * Deletes every pod of the stack at once under write load (a cold start): every data pod and every Sentinel pod
     * (a Sentinel sidecar goes with its data pod), one delete each, back to back. Exactly one server must answer as
     * the master afterwards, with every Sentinel naming it when the stack has Sentinels, every replica linked to it,
     * and every acknowledged write kept (a stack without persistence comes back empty and fails). The writer sees a
     * long outage: the stack has to start from nothing.
     */
    public DrillReport coldStart() {
        Start start = start();
        RedisPod master = cluster.master();
        MasterLocator locator = MasterLocator.of(cluster, master.name());
        return run(Fault.COLD_START.drill("master"), Fault.COLD_START, Duration.ZERO, master, locator, start,
                Recovery.coldStart(stages(), cluster, locator, start.uids()));
    }

    /**
     * Isolates the master under write load: {@link #masterIsolated(Duration)} for 10 s, or with Sentinels for their
     * {@code down-after-milliseconds} plus 10 s, so that they fail over while it is cut off.
     */
    public DrillReport masterIsolated() {
        MasterLocator locator = MasterLocator.of(cluster, cluster.master().name());
        return masterIsolated(locator.downAfter().map(DEFAULT_STALL::plus).orElse(DEFAULT_STALL));
    }

    /**
     * Cuts the master off from its replicas and Sentinels for {@code isolation} (1 s to 5 min) under write load,
     * while the writer, already connected to it, keeps writing: the master refuses new connections ({@code maxclients
     * 1}) and its replicas' and Sentinels' connections are killed, so neither can reach it; with Sentinels the
     * isolation lasts until they name another master, at most 30 s longer. Then it heals. Without Sentinels the
     * replicas must link again and every write the master acknowledged must be kept. With Sentinels that failed over,
     * the isolated master is demoted when it rejoins and what it acknowledged while isolated is discarded, unless
     * {@code min-replicas-to-write} made it refuse those writes: the drill fails naming the writes lost, the cause and
     * the setting. The writes it counts as acknowledged are the ones the master answered OK, whether or not {@code
     * WAIT} confirmed them.
     */
    public DrillReport masterIsolated(Duration isolation) {
        return timedMasterDrill(Fault.ISOLATE, "masterIsolated's isolation", isolation,
                (master, locator, oldUid) -> Recovery.isolated(stages(), cluster, master, locator, oldUid));
    }

    /**
     * Takes a majority of the Sentinels away under write load, for their {@code down-after-milliseconds} plus 10 s:
     * each of them stops answering ({@code CLIENT PAUSE <ms> ALL}), so the others flag them down while the master
     * keeps taking writes. While they are gone every Sentinel left must refuse {@code SENTINEL CKQUORUM} ({@code
     * NOQUORUM}) and no failover may happen; when they return every Sentinel must answer it {@code OK} and name the
     * same master, and every acknowledged write must be kept. The Sentinels paused are the last of a majority, the
     * ones left the first (one with 3 Sentinels, two with 5).
     *
     * @throws IllegalStateException when the stack has fewer than 3 Sentinels: a majority gone would leave none to ask
     */
    public DrillReport sentinelMajorityLost() {
        SentinelMajority.of(cluster.sentinels(), cluster.location());
        Start start = start();
        RedisPod master = cluster.master();
        MasterLocator locator = MasterLocator.of(cluster, master.name());
        SentinelMajority majority = SentinelMajority.of(locator.sentinels(), cluster.location());
        Duration pause = locator.downAfter().map(DEFAULT_STALL::plus).orElse(DEFAULT_STALL);
        String drill = Fault.SENTINEL_QUORUM.drill("master") + " (" + SentinelMajority.names(majority.paused())
                + " paused " + DrillReport.seconds(pause) + "; CKQUORUM refused by " + SentinelMajority.names(
                        majority.left()) + ", no failover)";
        return run(drill, Fault.SENTINEL_QUORUM, pause, master, locator, start,
                Recovery.sentinelMajorityLost(stages(), locator, majority, master));
    }

    /**
     * Loses the node the master's pod runs on under write load, with {@code outage} taking it away and giving it back
     * ({@code scripts/local-cluster node} on the local cluster): the node is cordoned and taken away, Kubernetes must
     * mark it NotReady, it stays lost {@link #DEFAULT_STALL} longer while the master's pod must stay bound to it (a
     * StatefulSet pod on a lost node is not rescheduled until the node is deleted; the report says what happened
     * instead otherwise), then it is given back and uncordoned. Without Sentinels writes resume only once the node is
     * back; with them they fail over meanwhile. Every acknowledged write must be kept.
     *
     * @throws IllegalStateException when the cluster has a single node or the master's pod is not scheduled
     */
    public DrillReport masterNodeLost(NodeOutage outage) {
        Objects.requireNonNull(outage, "outage");
        Start start = start();
        RedisPod master = cluster.master();
        MasterLocator locator = MasterLocator.of(cluster, master.name());
        NodeLoss loss = NodeLoss.of(cluster, master, outage, DEFAULT_STALL);
        return run(loss::describe, Fault.NODE_LOSS, Duration.ZERO, master, locator, start,
                Recovery.masterAnswersAgain(stages(), master, locator, start.podUid(master.name())), loss::inflict);
    }

    /**
     * Replication lag under a sustained load: {@link #lagUnderLoad(int, Duration)} at 1000 writes a second for 10 s.
     */
    public LagReport lagUnderLoad() {
        return lagUnderLoad(DEFAULT_LAG_RATE, DEFAULT_STALL);
    }

    /**
     * Writes {@value #LAG_VALUE_BYTES}-byte values to the master at {@code rate} writes a second (1 to 20000) for
     * {@code duration} (1 s to 5 min), pipelined and without {@code WAIT}, while sampling every replica's offset
     * against the master's every 100 ms and probing {@code WAIT} for every replica every 200 ms. Reports each
     * replica's maximum and 99th percentile lag in bytes and milliseconds and how many probes {@code WAIT} kept up
     * with; fails when a replica does not catch up within the drill's bound after the load, or when a write the
     * master acknowledged is missing from any node afterwards. Nothing is disrupted.
     */
    public LagReport lagUnderLoad(int rate, Duration duration) {
        if (rate < 1 || rate > 20_000) {
            throw new IllegalArgumentException("lagUnderLoad's rate must be 1 to 20000 writes a second but was " + rate);
        }
        if (duration == null || duration.compareTo(Duration.ofSeconds(1)) < 0
                || duration.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException("lagUnderLoad's duration must be 1 s to 5 min but was " + duration);
        }
        cluster.observeRoles();
        assertReplicationUp(cluster, OFFSET_BOUND);
        return LagDrill.run(cluster, bound, rate, duration, LAG_VALUE_BYTES);
    }

    /** The recovery of a drill that disrupts the master for a while, given the master, its locator and pod UID. */
    private interface TimedRecovery {
        Recovery of(RedisPod master, MasterLocator locator, String oldUid);
    }

    /** A drill that disrupts the master's server for {@code length} (1 s to 5 min), its pod staying Running. */
    private DrillReport timedMasterDrill(Fault fault, String what, Duration length, TimedRecovery recovery) {
        if (length == null || length.compareTo(Duration.ofSeconds(1)) < 0
                || length.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException(what + " must be 1 s to 5 min but was " + length);
        }
        Start start = start();
        RedisPod master = cluster.master();
        MasterLocator locator = MasterLocator.of(cluster, master.name());
        String drill = fault.drill("master") + (locator.sentinels().isEmpty() ? "" : ", Sentinels watching");
        return run(drill, fault, length, master, locator, start,
                recovery.of(master, locator, start.podUid(master.name())));
    }

    private DrillReport masterDrill(Fault fault) {
        Start start = start();
        RedisPod master = cluster.master();
        MasterLocator locator = MasterLocator.of(cluster, master.name());
        String drill = fault.drill("master") + (cluster.sentinels().isEmpty() ? "" : ", Sentinel failover");
        return run(drill, fault, Duration.ZERO, master, locator, start, Recovery.masterBack(stages(), master, locator,
                start.podUid(master.name()), start.masterRunId(), fault == Fault.RESTART_IN_PLACE));
    }

    /** Deletes the pod of {@code cluster.replica(index)} under write load, and measures its re-link and resync. */
    public DrillReport replicaPodDeleted(int index) {
        Start start = start();
        RedisPod replica = cluster.replica(index);
        MasterLocator locator = MasterLocator.of(cluster, replica.name());
        return run(Fault.DELETE.drill("replica"), Fault.DELETE, Duration.ZERO, replica, locator, start,
                Recovery.replicaBack(stages(), replica, start.podUid(replica.name())));
    }

    /** The first replica's pod deleted: {@link #replicaPodDeleted(int)} with index 0. */
    public DrillReport replicaPodDeleted() {
        return replicaPodDeleted(0);
    }

    /** What is known of the stack before the disruption. */
    private record Start(Map<String, String> uids, String masterRunId, ResyncCounters counters, String master,
            int replicas, MinReplicas minReplicas) {
        String podUid(String pod) {
            return uids.getOrDefault(pod, "");
        }
    }

    private Start start() {
        cluster.observeRoles();
        assertReplicationUp(cluster, OFFSET_BOUND);
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

    private DrillReport run(String drill, Fault fault, Duration stall, RedisPod victim, Supplier<RedisNode> master,
            Start start, Recovery recovery) {
        return run(() -> drill, fault, stall, victim, master, start, recovery,
                startNanos -> fault.inflict(cluster, victim, stall));
    }

    /** How a drill disrupts the stack, given when the disruption started ({@link System#nanoTime()}). */
    private interface Disrupt {
        void inflict(long startNanos);
    }

    /** A drill: {@code disrupt} under write load, then {@code recovery}; {@code drill} names it once it is over. */
    private DrillReport run(Supplier<String> drill, Fault fault, Duration stall, RedisPod victim,
            Supplier<RedisNode> master, Start start, Recovery recovery, Disrupt disrupt) {
        String prefix = "rha-drill:" + UUID.randomUUID().toString().substring(0, 8) + ":";
        List<Write> preloaded;
        List<Write> written;
        Disruption disruption;
        Optional<Duration> sentinelsAgreed;
        Duration linked;
        Duration splitBrain;
        try (AcknowledgedWriter writer = new AcknowledgedWriter(master, cluster.connectionSettings(),
                start.replicas(), prefix); RoleSampler roles = RoleSampler.start(cluster.nodes())) {
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
        }
        assertReplicationUp(cluster, OFFSET_BOUND);
        return verify(drill.get(), victim, start, prefix, preloaded, written, disruption, sentinelsAgreed, linked,
                splitBrain);
    }

    private DrillReport verify(String drill, RedisPod victim, Start start, String prefix, List<Write> preloaded,
            List<Write> written, Disruption disruption, Optional<Duration> sentinelsAgreed, Duration linked,
            Duration splitBrain) {
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
        int unconfirmedLost = unconfirmedMissing.size();
        int lost = (int) missing.values().stream().flatMap(List::stream).distinct().count();
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
        DrillReport report = new DrillReport(drill, cluster.location(), pod, preloaded.size(), written.size(),
                count(written, Outcome.FAILED), unconfirmed.size(), acknowledged.size(), lost, counts,
                unconfirmedLost, outage.length(), outage.resumed(), linked, sentinelsAgreed, start.master(),
                master.name(), resyncs, fault.noun(), name, splitBrain, refused);
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
            assertSentinelsAgree(cluster, SENTINEL_BOUND);
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
                            Outcome.ACKNOWLEDGED) + " of " + writer.writes().size() + " writes were acknowledged by"
                    + " WAIT for every replica (last error: " + writer.lastError() + ")", e);
        }
    }

    private Stages stages() {
        return new Stages(cluster.location(), bound);
    }

    private static int count(List<Write> writes, Outcome outcome) {
        return (int) writes.stream().filter(w -> w.outcome() == outcome).count();
    }
}
