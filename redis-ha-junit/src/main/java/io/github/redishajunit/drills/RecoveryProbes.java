package io.github.redishajunit.drills;

import io.github.redishajunit.HACluster;
import io.github.redishajunit.RedisNode;
import io.github.redishajunit.RedisPod;
import io.github.redishajunit.RedisSentinel;
import io.github.redishajunit.ReplicationInfo;
import io.fabric8.kubernetes.api.model.Pod;
import io.lettuce.core.RedisException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the drills' recovery stages poll: the master's server back (in a new pod or the same one) or answering again
 * after a stall, the node every Sentinel names, every replica linked to the master. Each answers now, or says what it
 * saw instead.
 */
final class RecoveryProbes {

    private RecoveryProbes() {}

    /**
     * {@code restarted} once the master's server answers as a master with a run id other than {@code oldRunId}, in a
     * new pod ({@code samePod} false: the pod was deleted) or in the pod of {@code oldUid} ({@code samePod} true: the
     * server restarted in place), else what it is.
     */
    static String restarted(RedisPod master, String oldUid, String oldRunId, boolean samePod) {
        Optional<String> notThePod = notThePod(master, oldUid, samePod);
        if (notThePod.isPresent()) {
            return notThePod.get();
        }
        try {
            ReplicationInfo info = master.replication();
            String runId = ResyncCounters.of(master).runId();
            return runId.equals(oldRunId) ? "the old server still answers"
                    : info.isMaster() ? "restarted" : "a new server answering role:" + info.role();
        } catch (RedisException | IllegalStateException e) {
            return (samePod ? "the same pod" : "a new pod") + ", its server not answering (" + e.getMessage() + ")";
        }
    }

    /**
     * {@code answering} once the server in the pod of {@code oldUid} (the same pod, the same process: a hung server
     * carries on) answers as a master again, else what it is.
     */
    static String answering(RedisPod master, String oldUid) {
        Optional<String> notThePod = notThePod(master, oldUid, true);
        if (notThePod.isPresent()) {
            return notThePod.get();
        }
        try {
            ReplicationInfo info = master.replication();
            return info.isMaster() ? "answering" : "answering role:" + info.role();
        } catch (RedisException | IllegalStateException e) {
            return "the same pod, its server not answering (" + e.getMessage() + ")";
        }
    }

    /** Why the pod named like {@code master} is not the one asked for (the pod of {@code oldUid}, or a new one). */
    private static Optional<String> notThePod(RedisPod master, String oldUid, boolean samePod) {
        Pod pod = master.pod();
        if (pod == null) {
            return Optional.of("no pod");
        }
        String uid = pod.getMetadata().getUid();
        if (!samePod && oldUid.equals(uid)) {
            return Optional.of("the old pod still runs");
        }
        if (samePod && !oldUid.equals(uid)) {
            return Optional.of("a new pod (uid " + uid + ") replaced pod " + master.name() + " (uid " + oldUid + ")");
        }
        return Optional.empty();
    }

    /**
     * The node every Sentinel names, when they all name the same one, it answers as a master, and it is not {@code
     * old}; or, with {@code oldRunId} given, {@code old} itself answering with another run id (restarted before the
     * Sentinels failed over).
     */
    static Optional<RedisNode> masterNamed(MasterLocator locator, String old, Optional<String> oldRunId) {
        Optional<RedisNode> named = agreed(locator);
        boolean moved = named.isPresent() && (!named.get().name().equals(old)
                || oldRunId.isPresent() && restartedSince(named.get(), oldRunId.get()));
        return moved && safeIsMaster(named.get()) ? named : Optional.empty();
    }

    /** The node every Sentinel names, when they all name the same one and it answers as a master (any node). */
    static Optional<RedisNode> agreedMaster(MasterLocator locator) {
        return agreed(locator).filter(RecoveryProbes::safeIsMaster);
    }

    private static Optional<RedisNode> agreed(MasterLocator locator) {
        List<Optional<RedisNode>> named = locator.sentinels().stream().map(locator::named).toList();
        if (named.isEmpty() || named.stream().anyMatch(Optional::isEmpty)) {
            return Optional.empty();
        }
        RedisNode first = named.get(0).get();
        return named.stream().allMatch(n -> n.get().name().equals(first.name())) ? Optional.of(first)
                : Optional.empty();
    }

    /** The data pods not replaced yet by a new pod of their name (their UID before the drill in {@code oldUids}). */
    static List<String> notReplaced(HACluster cluster, Map<String, String> oldUids) {
        List<String> old = new ArrayList<>();
        for (RedisNode node : cluster.nodes()) {
            Pod pod = ((RedisPod) node).pod();
            if (pod == null) {
                old.add(node.name() + " (no pod)");
            } else if (pod.getMetadata().getUid().equals(oldUids.getOrDefault(node.name(), ""))) {
                old.add(node.name() + " (the old pod)");
            }
        }
        return old;
    }

    /** Each data node's role now, by name: {@code master}, {@code slave}, or {@code not answering}. */
    static Map<String, String> roles(HACluster cluster) {
        Map<String, String> roles = new LinkedHashMap<>();
        for (RedisNode node : cluster.nodes()) {
            try {
                roles.put(node.name(), node.replication().role());
            } catch (RedisException | IllegalStateException | IllegalArgumentException e) {
                roles.put(node.name(), "not answering");
            }
        }
        return roles;
    }

    /** What each Sentinel names: {@code cache-node-0 names cache-node-1, ...}. */
    static String sentinelAnswers(MasterLocator locator) {
        List<String> answers = new ArrayList<>();
        for (RedisSentinel sentinel : locator.sentinels()) {
            answers.add(sentinel.name() + " names " + locator.named(sentinel).map(RedisNode::name).orElse("no pod"));
        }
        return String.join(", ", answers);
    }

    /** Every replica links to the master, and the master lists as many replicas online. */
    static boolean allLinked(HACluster cluster) {
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
            if (!replication.follows(master)) {
                return false;
            }
        }
        return true;
    }

    /** Each replica's link: {@code redis-slave-0 master:10.0.0.5:6379 link:up sync_in_progress:0, ...}. */
    static String linkState(HACluster cluster) {
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

    private static boolean restartedSince(RedisNode node, String oldRunId) {
        try {
            return !ResyncCounters.of(node).runId().equals(oldRunId);
        } catch (RedisException | IllegalStateException e) {
            return false;
        }
    }

    private static boolean safeIsMaster(RedisNode node) {
        try {
            return node.replication().isMaster();
        } catch (RedisException | IllegalStateException | IllegalArgumentException e) {
            return false;
        }
    }
}
