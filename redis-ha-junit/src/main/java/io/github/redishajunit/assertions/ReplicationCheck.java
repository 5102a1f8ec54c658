package io.github.redishajunit.assertions;

import static io.github.redishajunit.assertions.ShouldAnswer.shouldAnswer;
import static io.github.redishajunit.assertions.ShouldBeMaster.shouldBeMaster;
import static io.github.redishajunit.assertions.ShouldFollowMaster.shouldFollowMaster;
import static io.github.redishajunit.assertions.ShouldHaveCaughtUp.shouldHaveCaughtUp;
import static io.github.redishajunit.assertions.ShouldHaveOneTrueMaster.shouldHaveOneTrueMaster;
import static io.github.redishajunit.assertions.ShouldHaveReplicaLinkUp.shouldHaveReplicaLinkUp;
import static io.github.redishajunit.assertions.ShouldListReplicasOnline.shouldListReplicasOnline;
import static org.awaitility.Awaitility.await;

import io.github.redishajunit.Endpoint;
import io.github.redishajunit.RedisNode;
import io.github.redishajunit.RedisTopology;
import io.github.redishajunit.ReplicationInfo.ListedReplica;
import io.lettuce.core.RedisException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.assertj.core.error.ErrorMessageFactory;
import org.awaitility.core.ConditionFactory;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Runbook step 1, replication status, in the four layers Redis's own tests use: the master reports
 * {@code role:master} and lists every expected replica {@code state=online} under its announced address; every
 * replica reports {@code role:slave}, {@code master_link_status:up}, {@code master_sync_in_progress:0} and the
 * master's {@code master_replid}; and every replica's processed offset reaches a snapshot of the master's
 * {@code master_repl_offset} taken before any replica was read. Bounded, it waits for a sync in progress (a stack
 * certified right after it was deployed) and for the offsets, never for anything else.
 */
final class ReplicationCheck {

    private static final Duration POLL_INTERVAL = Duration.ofMillis(50);

    private final RedisTopology topology;

    ReplicationCheck(RedisTopology topology) {
        this.topology = topology;
    }

    /** Reads every node once; never waits. */
    Verdict<ReplicationStatus> run() {
        ReplicationStatus status = observe();
        List<ErrorMessageFactory> failures = topologyFailures(status, null);
        failures.addAll(offsetFailures(status, null));
        return new Verdict<>(status, failures);
    }

    /**
     * Reads every node once and checks all but the offsets; while what fails is only a sync in progress (a replica
     * the master lists in a state other than {@code online}, or that reports {@code master_sync_in_progress:1}),
     * reads every node again until the sync ends, for at most {@code bound}; then re-reads only the replicas until
     * their offsets reach the master's snapshot, for at most {@code bound}.
     */
    Verdict<ReplicationStatus> run(Duration bound) {
        ReplicationStatus first = observe();
        List<ErrorMessageFactory> failures = topologyFailures(first, null);
        if (!failures.isEmpty() && syncInProgress(first)) {
            first = afterSyncs(first, bound);
            failures = topologyFailures(first, syncInProgress(first) ? bound : null);
        }
        if (!failures.isEmpty()) {
            return new Verdict<>(first, failures);
        }
        ReplicationStatus synced = first;
        AtomicReference<ReplicationStatus> last = new AtomicReference<>(synced);
        try {
            poll("replica offsets in " + topology.location() + " reaching master_repl_offset:"
                    + synced.masterOffsetSnapshot(), bound)
                    .until(() -> {
                        ReplicationStatus again = synced.withReplicas(reread(synced.replicas()));
                        last.set(again);
                        return offsetFailures(again, bound).isEmpty();
                    });
        } catch (ConditionTimeoutException timedOut) {
            // the last statuses read say which replica lags
            return new Verdict<>(last.get(), offsetFailures(last.get(), bound));
        }
        return Verdict.passed(last.get());
    }

    /** Reads every node again until no sync is in progress, for at most {@code bound}; the last status read. */
    private ReplicationStatus afterSyncs(ReplicationStatus syncing, Duration bound) {
        AtomicReference<ReplicationStatus> last = new AtomicReference<>(syncing);
        try {
            poll("the syncs in progress in " + topology.location() + " to end", bound).until(() -> {
                ReplicationStatus again = observe();
                last.set(again);
                return !syncInProgress(again);
            });
        } catch (ConditionTimeoutException stillSyncing) {
            // the last status says which replica still syncs
        }
        return last.get();
    }

    private static ConditionFactory poll(String alias, Duration bound) {
        return await(alias)
                .atMost(bound)
                .pollInSameThread() // never records a read interrupted at the bound as the last status
                .pollDelay(Duration.ZERO)
                .pollInterval(POLL_INTERVAL);
    }

    /**
     * The master answers as the one master, and every replica that is not linked and listed online is in a sync:
     * listed by the master in another state ({@code wait_bgsave}, {@code send_bulk}), or reporting
     * {@code master_sync_in_progress:1} (loading what it received). A replica that does not answer, is not listed,
     * or follows another master is no sync in progress.
     */
    private boolean syncInProgress(ReplicationStatus status) {
        MasterStatus master = status.master();
        if (!master.answered() || !master.role().orElse("").equals("master") || !oneTrueMaster(status).isEmpty()) {
            return false;
        }
        List<ReplicaStatus> unsettled = status.replicas().stream()
                .filter(r -> !(r.linkUp() && listedOnline(master, r)))
                .toList();
        return !unsettled.isEmpty() && unsettled.stream().allMatch(r -> r.answered()
                && r.replication() != null && r.replication().isReplica()
                && ("1".equals(r.info().get("master_sync_in_progress"))
                        || master.listed(r.announcedAs()).filter(listed -> !listed.online()).isPresent()));
    }

    /** Whether the master lists the replica {@code state=online} under its announced address. */
    private static boolean listedOnline(MasterStatus master, ReplicaStatus replica) {
        return master.listed(replica.announcedAs()).map(ListedReplica::online).orElse(false);
    }

    private ReplicationStatus observe() {
        MasterStatus master = readMaster(topology.master());
        long snapshot = master.replication() == null ? -1 : master.replication().masterReplOffset().orElse(-1);
        List<ReplicaStatus> replicas = new ArrayList<>();
        for (RedisNode replica : topology.replicas()) {
            Endpoint announced;
            try {
                announced = AnnouncedAddress.of(replica);
            } catch (RedisException unreachable) {
                announced = replica.address();
            }
            replicas.add(readReplica(replica, announced));
        }
        return new ReplicationStatus(topology.location(), master, replicas, snapshot);
    }

    private List<ReplicaStatus> reread(List<ReplicaStatus> previous) {
        List<RedisNode> nodes = topology.replicas();
        List<ReplicaStatus> replicas = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            replicas.add(readReplica(nodes.get(i), previous.get(i).announcedAs()));
        }
        return replicas;
    }

    private static MasterStatus readMaster(RedisNode master) {
        try {
            return new MasterStatus(master.name(), master.address(), master.replication(), null);
        } catch (RedisException | IllegalArgumentException e) {
            return new MasterStatus(master.name(), master.address(), null, Errors.describe(e));
        }
    }

    private static ReplicaStatus readReplica(RedisNode replica, Endpoint announced) {
        try {
            return new ReplicaStatus(replica.name(), replica.address(), announced, replica.replication(), null);
        } catch (RedisException | IllegalArgumentException e) {
            return new ReplicaStatus(replica.name(), replica.address(), announced, null, Errors.describe(e));
        }
    }

    /** @param waited how long a sync in progress was waited for, or {@code null} */
    private List<ErrorMessageFactory> topologyFailures(ReplicationStatus status, Duration waited) {
        String location = status.location();
        MasterStatus master = status.master();
        List<ReplicaStatus> replicas = status.replicas();
        List<ErrorMessageFactory> failures = new ArrayList<>();
        Map<String, String> silent = new LinkedHashMap<>();
        if (!master.answered()) {
            silent.put(master.describe(), master.error());
        }
        replicas.stream().filter(r -> !r.answered())
                .forEach(r -> silent.put(r.describe(), r.error()));
        if (!silent.isEmpty()) {
            failures.add(shouldAnswer(location, "INFO replication", silent));
        }
        if (master.answered() && !master.role().orElse("").equals("master")) {
            failures.add(shouldBeMaster(location, master));
        } else if (master.answered()) {
            List<ReplicaStatus> notOnline = replicas.stream()
                    .filter(r -> !listedOnline(master, r))
                    .toList();
            if (!notOnline.isEmpty()) {
                failures.add(shouldListReplicasOnline(location, master, replicas, notOnline, waited));
            }
        }
        List<ReplicaStatus> linkDown = replicas.stream().filter(r -> r.answered() && !r.linkUp()).toList();
        if (!linkDown.isEmpty()) {
            failures.add(shouldHaveReplicaLinkUp(location, replicas.size(), linkDown, waited));
        }
        List<String> oneMaster = oneTrueMaster(status);
        if (!oneMaster.isEmpty()) {
            failures.add(shouldHaveOneTrueMaster(location, 1 + replicas.size(), oneMaster));
        }
        if (master.answered() && master.replid().isPresent()) {
            List<ReplicaStatus> strangers = replicas.stream()
                    .filter(r -> r.linkUp() && !Objects.equals(r.replid().orElse(null), master.replid().get()))
                    .toList();
            if (!strangers.isEmpty()) {
                failures.add(shouldFollowMaster(location, master, strangers));
            }
        }
        return failures;
    }

    /**
     * Exactly one node says {@code role:master}, and no replica's {@code master_host:master_port} is another replica
     * (a chain). A replica that follows a node outside the topology is named by its {@code master_replid}.
     */
    private List<String> oneTrueMaster(ReplicationStatus status) {
        List<String> observations = new ArrayList<>();
        List<String> masters = new ArrayList<>();
        if (status.master().role().filter("master"::equals).isPresent()) {
            masters.add(status.master().describe());
        }
        status.replicas().stream().filter(r -> r.role().filter("master"::equals).isPresent())
                .forEach(r -> masters.add(r.describe()));
        if (masters.size() > 1) {
            observations.add(masters.size() + " report role:master: " + String.join(", ", masters));
        }
        RedisNode expected = topology.master();
        List<RedisNode> nodes = topology.replicas();
        for (int i = 0; i < status.replicas().size() && i < nodes.size(); i++) {
            ReplicaStatus replica = status.replicas().get(i);
            if (replica.replication() == null || !replica.replication().isReplica()) {
                continue;
            }
            String follows = replica.describe() + " follows " + replica.master().orElse("?");
            if (replica.replication().follows(expected)) {
                continue;
            }
            RedisNode followed = topology.replicas().stream().filter(replica.replication()::follows).findFirst()
                    .orElse(null);
            if (followed == nodes.get(i)) {
                observations.add(follows + ", itself");
            } else if (followed != null) {
                observations.add(follows + ", which is " + followed.name() + ", a replica (a chain), not the master "
                        + expected.name());
            }
            // a name that resolves to no node (a Service, a proxy) is judged by master_replid alone
        }
        return observations;
    }

    /** Offsets of the replicas whose link is up; replicas that stopped answering while polled are reported too. */
    private static List<ErrorMessageFactory> offsetFailures(ReplicationStatus status, Duration waited) {
        List<ErrorMessageFactory> failures = new ArrayList<>();
        long snapshot = status.masterOffsetSnapshot();
        if (snapshot < 0) {
            return failures;
        }
        if (waited != null) {
            Map<String, String> silent = new LinkedHashMap<>();
            status.replicas().stream().filter(r -> !r.answered())
                    .forEach(r -> silent.put(r.describe(), r.error()));
            if (!silent.isEmpty()) {
                failures.add(shouldAnswer(status.location(), "INFO replication", silent));
            }
        }
        List<ReplicaStatus> behind = status.replicas().stream()
                .filter(r -> r.linkUp() && r.processedOffset().orElse(-1) < snapshot)
                .toList();
        if (!behind.isEmpty()) {
            failures.add(shouldHaveCaughtUp(status.location(), snapshot, behind, waited));
        }
        return failures;
    }

}
