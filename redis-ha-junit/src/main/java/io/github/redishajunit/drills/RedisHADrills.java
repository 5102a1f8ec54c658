package io.github.redishajunit.drills;

import static io.github.redishajunit.assertions.RedisHAAssertions.assertReplicationUp;
import static org.awaitility.Awaitility.await;

import io.github.redishajunit.HACluster;
import io.github.redishajunit.RedisNode;
import io.github.redishajunit.RedisPod;
import io.github.redishajunit.RedisSentinel;
import io.github.redishajunit.ReplicationInfo;
import io.github.redishajunit.drills.AcknowledgedWriter.Outcome;
import io.github.redishajunit.drills.AcknowledgedWriter.Write;
import io.fabric8.kubernetes.api.model.Pod;
import io.lettuce.core.RedisException;
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
import org.awaitility.core.ConditionTimeoutException;

/**
 * HA drills: disrupt the stack under a bounded write load and count what survives. Each drill starts from a stack
 * whose replication is up, preloads keys, runs an {@link AcknowledgedWriter} (unique keys, each write followed by
 * {@code WAIT} for every replica), deletes a pod, measures the recovery, then checks every acknowledged key on the
 * master and on each replica, removes the drill's keys and returns a {@link DrillReport}. It fails (an {@link
 * AssertionError} that names what was lost and where) when more acknowledged writes were lost than tolerated (none by
 * default), and when the stack does not recover within the bound.
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

    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration OFFSET_BOUND = Duration.ofSeconds(15);

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
        Start start = start();
        RedisPod master = cluster.master();
        boolean sentinels = !cluster.sentinels().isEmpty();
        String drill = sentinels ? "master pod deleted, Sentinel failover" : "master pod deleted";
        MasterLocator locator = MasterLocator.of(cluster, master.name());
        return run(drill, master, locator, start, disruption -> {
            Optional<Duration> agreed = Optional.empty();
            if (sentinels) {
                AtomicReference<String> named = new AtomicReference<>("not asked yet");
                stage(disruption, "every Sentinel to name a new master", named::get, () -> {
                    named.set(sentinelAnswers(locator));
                    return newMasterNamed(locator, master.name()).isPresent();
                });
                agreed = Optional.of(disruption.elapsed());
            } else {
                AtomicReference<String> seen = new AtomicReference<>("not asked yet");
                stage(disruption, "pod " + master.name() + " to come back and answer as a master", seen::get, () -> {
                    seen.set(restarted(master, start.podUid(master.name()), start.masterRunId()));
                    return seen.get().equals("restarted");
                });
            }
            return agreed;
        });
    }

    /** Deletes the pod of {@code cluster.replica(index)} under write load, and measures its re-link and resync. */
    public DrillReport replicaPodDeleted(int index) {
        Start start = start();
        RedisPod replica = cluster.replica(index);
        MasterLocator locator = MasterLocator.of(cluster, replica.name());
        return run("replica pod deleted", replica, locator, start, disruption -> {
            AtomicReference<String> seen = new AtomicReference<>("not asked yet");
            stage(disruption, "pod " + replica.name() + " to come back", seen::get, () -> {
                Pod pod = replica.pod();
                boolean replaced = pod != null && !start.podUid(replica.name()).equals(pod.getMetadata().getUid());
                seen.set(replaced ? "back" : pod == null ? "no pod" : "the old pod still runs");
                return replaced;
            });
            return Optional.empty();
        });
    }

    /** The first replica's pod deleted: {@link #replicaPodDeleted(int)} with index 0. */
    public DrillReport replicaPodDeleted() {
        return replicaPodDeleted(0);
    }

    /** What is known of the stack before the disruption. */
    private record Start(Map<String, String> uids, String masterRunId, ResyncCounters counters, String master,
            int replicas) {
        String podUid(String pod) {
            return uids.getOrDefault(pod, "");
        }
    }

    /** The recovery stage a drill waits for after its disruption (the master back, or failed over). */
    private interface Recovery {
        Optional<Duration> await(Disruption disruption);
    }

    /** The delete and its clock. */
    private record Disruption(String pod, long nanos) {
        Duration elapsed() {
            return Duration.ofNanos(System.nanoTime() - nanos);
        }
    }

    private Start start() {
        cluster.observeRoles();
        assertReplicationUp(cluster, OFFSET_BOUND);
        Map<String, String> uids = new LinkedHashMap<>();
        for (RedisNode node : cluster.nodes()) {
            Pod pod = ((RedisPod) node).pod();
            uids.put(node.name(), pod == null ? "" : pod.getMetadata().getUid());
        }
        ResyncCounters counters = ResyncCounters.of(cluster.master());
        return new Start(uids, counters.runId(), counters, cluster.master().name(), cluster.replicas().size());
    }

    private DrillReport run(String drill, RedisPod victim, Supplier<RedisNode> master, Start start,
            Recovery recovery) {
        String prefix = "rha-drill:" + UUID.randomUUID().toString().substring(0, 8) + ":";
        List<Write> preloaded;
        List<Write> written;
        Disruption disruption;
        Optional<Duration> sentinelsAgreed;
        Duration linked;
        try (AcknowledgedWriter writer = new AcknowledgedWriter(master, cluster.connectionSettings(),
                start.replicas(), prefix)) {
            preloaded = writer.preload(preloadedKeys, Duration.ofSeconds(10));
            writer.start(writesPerSecond);
            awaitLoad(writer);
            disruption = new Disruption(victim.name(), System.nanoTime());
            cluster.client().pods().inNamespace(cluster.namespace()).withName(victim.name()).delete();
            sentinelsAgreed = recovery.await(disruption);
            AtomicReference<String> seen = new AtomicReference<>("not asked yet");
            stage(disruption, "a write to succeed again", () -> seen.get() + "; last write error: "
                    + writer.lastError(), () -> {
                        seen.set(succeededAfterOutage(writer.writes(), disruption) ? "written" : "no write succeeded");
                        return seen.get().equals("written");
                    });
            stage(disruption, "every replica to be linked to the master and listed online by it", seen::get, () -> {
                seen.set(cluster.observeRoles() + "; " + linkState());
                return allLinked();
            });
            linked = disruption.elapsed();
            written = writer.stop();
        }
        assertReplicationUp(cluster, OFFSET_BOUND);
        return verify(drill, victim.name(), start, prefix, preloaded, written, disruption, sentinelsAgreed, linked);
    }

    private DrillReport verify(String drill, String pod, Start start, String prefix, List<Write> preloaded,
            List<Write> written, Disruption disruption, Optional<Duration> sentinelsAgreed, Duration linked) {
        List<Write> all = new ArrayList<>(preloaded);
        all.addAll(written);
        List<String> acknowledged = all.stream().filter(w -> w.outcome() == Outcome.ACKNOWLEDGED).map(Write::key)
                .toList();
        List<String> unconfirmed = all.stream().filter(w -> w.outcome() == Outcome.UNCONFIRMED).map(Write::key)
                .toList();
        RedisNode master = cluster.master();
        Map<String, List<String>> missing = KeyCheck.missing(cluster.nodes(), acknowledged);
        int unconfirmedLost = KeyCheck.missing(List.of(master), unconfirmed).getOrDefault(master.name(), List.of())
                .size();
        int lost = (int) missing.values().stream().flatMap(List::stream).distinct().count();
        Outage outage = Outage.of(written, disruption);
        String resyncs = ResyncCounters.of(master).since(start.counters()).describe();
        Map<String, Integer> counts = new LinkedHashMap<>();
        missing.forEach((node, keys) -> counts.put(node, keys.size()));
        DrillReport report = new DrillReport(drill, cluster.location(), pod, preloaded.size(), written.size(),
                count(written, Outcome.FAILED), unconfirmed.size(), acknowledged.size(), lost, counts,
                unconfirmedLost, outage.length(), outage.resumed(), linked, sentinelsAgreed, start.master(),
                master.name(), resyncs);
        KeyCheck.remove(master, all.stream().map(Write::key).toList());
        if (lost > toleratedLosses) {
            List<String> before = all.stream().filter(w -> w.outcome() == Outcome.ACKNOWLEDGED
                    && w.sentNanos() < disruption.nanos()).map(Write::key).toList();
            throw new AssertionError(lossMessage(report, missing, master, acknowledged.size(), before));
        }
        return report;
    }

    private String lossMessage(DrillReport report, Map<String, List<String>> missing, RedisNode master,
            int acknowledged, List<String> acknowledgedBefore) {
        boolean masterEmpty = !acknowledgedBefore.isEmpty()
                && missing.getOrDefault(master.name(), List.of()).containsAll(acknowledgedBefore);
        boolean replicasToo = cluster.replicas().stream()
                .allMatch(replica -> missing.getOrDefault(replica.name(), List.of()).containsAll(acknowledgedBefore));
        String empty = "; " + master.name() + " came back empty (without any of the " + acknowledgedBefore.size()
                + " acknowledged before the delete)";
        String why = masterEmpty && replicasToo ? empty + " and the replicas resynced from it and lost them too"
                : masterEmpty ? empty : "";
        String first = missing.values().stream().flatMap(List::stream).distinct().limit(5).toList().toString();
        return "Expecting the Redis HA stack in " + report.location() + " to keep every acknowledged write when pod "
                + report.pod() + " was deleted (" + report.drill() + ")\nbut " + report.lost() + " of " + acknowledged
                + " acknowledged keys were missing afterwards" + why + " (missing on "
                + report.missingOn() + "; first: " + first + ")"
                + (toleratedLosses > 0 ? ", more than the " + toleratedLosses + " tolerated" : "")
                + "\n" + report.summary();
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

    /** Waits for one recovery stage, bounded; on timeout names the stage, the pod and what was seen last. */
    private void stage(Disruption disruption, String what, Supplier<String> seen,
            java.util.concurrent.Callable<Boolean> done) {
        try {
            // polled in this thread: a poll cut short at the bound must not leave "interrupted" as what was seen
            await(what).atMost(bound).pollInterval(POLL).pollInSameThread()
                    .ignoreExceptionsInstanceOf(RedisException.class).until(done);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("Expecting the Redis HA stack in " + cluster.location() + " to recover after"
                    + " pod " + disruption.pod() + " was deleted: " + what + " within " + bound.toSeconds()
                    + " s\nbut after " + DrillReport.seconds(disruption.elapsed()) + ": " + seen.get(), e);
        }
    }

    private static boolean succeededAfterOutage(List<Write> writes, Disruption disruption) {
        return Outage.of(writes, disruption).ended();
    }

    /** {@code restarted} once the pod is a new one whose server answers as a master, else what it is. */
    private static String restarted(RedisPod master, String oldUid, String oldRunId) {
        Pod pod = master.pod();
        if (pod == null) {
            return "no pod";
        }
        if (oldUid.equals(pod.getMetadata().getUid())) {
            return "the old pod still runs";
        }
        try {
            ReplicationInfo info = master.replication();
            String runId = ResyncCounters.of(master).runId();
            return runId.equals(oldRunId) ? "the old server still answers"
                    : info.isMaster() ? "restarted" : "a new server answering role:" + info.role();
        } catch (RedisException | IllegalStateException e) {
            return "a new pod, its server not answering (" + e.getMessage() + ")";
        }
    }

    /** The node every Sentinel names, when they all name the same one and it is not {@code old}. */
    private static Optional<RedisNode> newMasterNamed(MasterLocator locator, String old) {
        List<Optional<RedisNode>> named = locator.sentinels().stream().map(locator::named).toList();
        if (named.isEmpty() || named.stream().anyMatch(Optional::isEmpty)) {
            return Optional.empty();
        }
        RedisNode first = named.get(0).get();
        boolean agree = named.stream().allMatch(n -> n.get().name().equals(first.name()));
        return agree && !first.name().equals(old) && safeIsMaster(first) ? Optional.of(first) : Optional.empty();
    }

    private static boolean safeIsMaster(RedisNode node) {
        try {
            return node.replication().isMaster();
        } catch (RedisException | IllegalStateException | IllegalArgumentException e) {
            return false;
        }
    }

    private static String sentinelAnswers(MasterLocator locator) {
        List<String> answers = new ArrayList<>();
        for (RedisSentinel sentinel : locator.sentinels()) {
            answers.add(sentinel.name() + " names " + locator.named(sentinel).map(RedisNode::name).orElse("no pod"));
        }
        return String.join(", ", answers);
    }

    /** Every replica links to the master, and the master lists as many replicas online. */
    private boolean allLinked() {
        RedisNode master = cluster.master();
        ReplicationInfo info = master.replication();
        if (!info.isMaster() || info.listedReplicas().stream().filter(ReplicationInfo.ListedReplica::online).count()
                < cluster.replicas().size()) {
            return false;
        }
        for (RedisNode replica : cluster.replicas()) {
            ReplicationInfo replication = replica.replication();
            if (!replication.linkUp()) {
                return false;
            }
            String host = replication.field("master_host").orElse("");
            int port = (int) replication.number("master_port").orElse(0);
            if (!master.isAt(host, port)) {
                return false;
            }
        }
        return true;
    }

    private String linkState() {
        List<String> states = new ArrayList<>();
        for (RedisNode replica : cluster.replicas()) {
            try {
                ReplicationInfo replication = replica.replication();
                states.add(replica.name() + " master:" + replication.masterAddress().orElse("?") + " link:"
                        + replication.linkStatus().orElse("?") + " sync_in_progress:"
                        + replication.field("master_sync_in_progress").orElse("?"));
            } catch (RedisException | IllegalStateException | IllegalArgumentException e) {
                states.add(replica.name() + " not answering");
            }
        }
        return String.join(", ", states);
    }

    private static int count(List<Write> writes, Outcome outcome) {
        return (int) writes.stream().filter(w -> w.outcome() == outcome).count();
    }

    /** The writes' outage after a disruption: from the first failure after it to the next success. */
    private record Outage(Duration length, Duration resumed, boolean ended) {

        static Outage of(List<Write> writes, Disruption disruption) {
            Long firstFailure = null;
            for (Write write : writes) {
                if (write.sentNanos() < disruption.nanos()) {
                    continue;
                }
                boolean ok = write.outcome() != Outcome.FAILED;
                if (!ok && firstFailure == null) {
                    firstFailure = write.sentNanos();
                } else if (ok && firstFailure != null) {
                    return new Outage(Duration.ofNanos(write.sentNanos() - firstFailure),
                            Duration.ofNanos(write.sentNanos() - disruption.nanos()), true);
                }
            }
            // no failure since the disruption: no outage, as long as some write succeeded after it
            boolean succeeded = firstFailure == null && writes.stream()
                    .anyMatch(w -> w.sentNanos() >= disruption.nanos() && w.outcome() != Outcome.FAILED);
            return new Outage(Duration.ZERO, Duration.ZERO, succeeded);
        }
    }
}
