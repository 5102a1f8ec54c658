package io.github.redishajunit.drills;

import static io.github.redishajunit.assertions.RedisHAAssertions.assertReplicationUp;

import io.github.redishajunit.HACluster;
import io.github.redishajunit.assertions.Convergence;
import io.github.redishajunit.RedisPod;
import java.time.Duration;
import java.util.Objects;
import org.apiguardian.api.API;

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
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
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


    private final HACluster cluster;
    private final int writesPerSecond;
    private final int preloadedKeys;
    private final Duration bound;
    private final int toleratedLosses;
    private final Workload workload;
    private final DrillRun runner;

    private RedisHADrills(HACluster cluster, int writesPerSecond, int preloadedKeys, Duration bound,
            int toleratedLosses, Workload workload) {
        this.cluster = cluster;
        this.writesPerSecond = writesPerSecond;
        this.preloadedKeys = preloadedKeys;
        this.bound = bound;
        this.toleratedLosses = toleratedLosses;
        this.workload = workload;
        this.runner = new DrillRun(cluster, writesPerSecond, preloadedKeys, bound, toleratedLosses, workload);
    }

    /** Drills on {@code cluster}, with the default load and bounds. */
    public static RedisHADrills on(HACluster cluster) {
        return new RedisHADrills(Objects.requireNonNull(cluster, "cluster"), DEFAULT_WRITES_PER_SECOND,
                DEFAULT_PRELOADED_KEYS, DEFAULT_BOUND, 0, null);
    }

    /** The writer's rate during the drill, 1 to 1000 writes a second. */
    public RedisHADrills writesPerSecond(int rate) {
        if (rate < 1 || rate > 1000) {
            throw new IllegalArgumentException("writesPerSecond must be 1 to 1000 but was " + rate
                    + " (a drill's load is bounded: pick a rate the stack under test is meant to take)");
        }
        return new RedisHADrills(cluster, rate, preloadedKeys, bound, toleratedLosses, workload);
    }

    /** Keys written and acknowledged before the disruption, 0 to 100000. */
    public RedisHADrills preloadedKeys(int count) {
        if (count < 0 || count > 100_000) {
            throw new IllegalArgumentException("preloadedKeys must be 0 to 100000 but was " + count);
        }
        return new RedisHADrills(cluster, writesPerSecond, count, bound, toleratedLosses, workload);
    }

    /** How long each recovery stage may take (the writer stops at the latest then), 1 s to 30 min. */
    public RedisHADrills within(Duration recoveryBound) {
        if (recoveryBound == null || recoveryBound.compareTo(Duration.ofSeconds(1)) < 0
                || recoveryBound.compareTo(Duration.ofMinutes(30)) > 0) {
            throw new IllegalArgumentException("within must be 1 s to 30 min but was " + recoveryBound);
        }
        return new RedisHADrills(cluster, writesPerSecond, preloadedKeys, recoveryBound, toleratedLosses, workload);
    }

    /**
     * How many acknowledged writes may be lost before the drill fails; 0 (the default) for any stack whose writes
     * {@code WAIT} confirmed on every replica.
     */
    public RedisHADrills toleratingLostWrites(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("toleratingLostWrites must be 0 or more but was " + count);
        }
        return new RedisHADrills(cluster, writesPerSecond, preloadedKeys, bound, count, workload);
    }

    /**
     * The drills' write load through the application's own {@code workload} (its client, its Sentinel configuration,
     * its service) in place of the library's writer, at {@link #writesPerSecond(int)}: the report counts the writes
     * the application saw acknowledged, failed and unconfirmed, how long its writes failed, and every write it saw
     * acknowledged that the stack lost (checked through the library's own connection once the stack recovered). The
     * keys preloaded before the disruption are still written by the library. The lag drill keeps its own load.
     */
    public RedisHADrills workload(Workload workload) {
        return new RedisHADrills(cluster, writesPerSecond, preloadedKeys, bound, toleratedLosses,
                Objects.requireNonNull(workload, "workload"));
    }

    /**
     * Deletes the master's pod under write load. Without Sentinels the same pod comes back and must still have every
     * acknowledged write; with Sentinels they fail over to another pod, which must have them, and the old master must
     * rejoin as a replica. Measures the write outage, the time until every replica is linked again (and every
     * Sentinel names the new master), and the resynchronizations.
     */
    public DrillReport masterPodDeleted() {
        return runner.masterDrill(Fault.DELETE);
    }

    /**
     * {@link #masterPodDeleted()} with grace period 0: the pod object is gone at once, its containers are killed
     * without their preStop hooks or a graceful shutdown, and a StatefulSet may start the new pod while the old
     * server is still being killed.
     */
    public DrillReport masterPodForceDeleted() {
        return runner.masterDrill(Fault.FORCE_DELETE);
    }

    /**
     * Restarts the master's server inside its pod under write load: {@code SHUTDOWN NOSAVE} on its connection, and
     * the kubelet starts the container again (the same pod, UID and IP). Without Sentinels the same pod must answer
     * again as a master, with a new {@code run_id}, and still have every acknowledged write (a server without
     * persistence comes back empty, and its replicas resync from it); with Sentinels every one of them must name a
     * master that answers as one: a new one after a failover, or this one restarted before they failed over.
     */
    public DrillReport masterRestartedInPlace() {
        return runner.masterDrill(Fault.RESTART_IN_PLACE);
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
        return runner.timedMasterDrill(Fault.HUNG, "masterHung's stall", stall,
                (master, locator, oldUid) -> Recovery.masterAnswersAgain(runner.stages(), master, locator, oldUid));
    }

    /**
     * Deletes every pod of the stack at once under write load (a cold start): every data pod and every Sentinel pod
     * (a Sentinel sidecar goes with its data pod), one delete each, back to back. Exactly one server must answer as
     * the master afterwards, with every Sentinel naming it when the stack has Sentinels, every replica linked to it,
     * and every acknowledged write kept (a stack without persistence comes back empty and fails). The writer sees a
     * long outage: the stack has to start from nothing.
     */
    public DrillReport coldStart() {
        DrillRun.Start start = runner.start();
        RedisPod master = cluster.master();
        MasterLocator locator = MasterLocator.of(cluster, master.name());
        return runner.run(Fault.COLD_START.drill("master"), Fault.COLD_START, Duration.ZERO, master, locator, start,
                Recovery.coldStart(runner.stages(), cluster, locator, start.uids()));
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
        return runner.timedMasterDrill(Fault.ISOLATE, "masterIsolated's isolation", isolation,
                (master, locator, oldUid) -> Recovery.isolated(runner.stages(), cluster, master, locator, oldUid));
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
        DrillRun.Start start = runner.start();
        RedisPod master = cluster.master();
        MasterLocator locator = MasterLocator.of(cluster, master.name());
        SentinelMajority majority = SentinelMajority.of(locator.sentinels(), cluster.location());
        Duration pause = locator.downAfter().map(DEFAULT_STALL::plus).orElse(DEFAULT_STALL);
        String drill = Fault.SENTINEL_QUORUM.drill("master") + " (" + SentinelMajority.names(majority.paused())
                + " paused " + DrillReport.seconds(pause) + "; CKQUORUM refused by " + SentinelMajority.names(
                        majority.left()) + ", no failover)";
        return runner.run(drill, Fault.SENTINEL_QUORUM, pause, master, locator, start,
                Recovery.sentinelMajorityLost(runner.stages(), locator, majority, master));
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
        DrillRun.Start start = runner.start();
        RedisPod master = cluster.master();
        MasterLocator locator = MasterLocator.of(cluster, master.name());
        NodeLoss loss = NodeLoss.of(cluster, master, outage, DEFAULT_STALL);
        return runner.run(loss::describe, Fault.NODE_LOSS, Duration.ZERO, master, locator, start,
                Recovery.masterAnswersAgain(runner.stages(), master, locator, start.podUid(master.name())), loss::inflict);
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
        assertReplicationUp(cluster, Convergence.REPLICATION);
        return LagDrill.run(cluster, bound, rate, duration, LAG_VALUE_BYTES);
    }

    /** Deletes the pod of {@code cluster.replica(index)} under write load, and measures its re-link and resync. */
    public DrillReport replicaPodDeleted(int index) {
        DrillRun.Start start = runner.start();
        RedisPod replica = cluster.replica(index);
        MasterLocator locator = MasterLocator.of(cluster, replica.name());
        return runner.run(Fault.DELETE.drill("replica"), Fault.DELETE, Duration.ZERO, replica, locator, start,
                Recovery.replicaBack(runner.stages(), replica, start.podUid(replica.name())));
    }

    /** The first replica's pod deleted: {@link #replicaPodDeleted(int)} with index 0. */
    public DrillReport replicaPodDeleted() {
        return replicaPodDeleted(0);
    }
}
