package io.github.redishajunit.drills;

import io.github.redishajunit.HACluster;
import io.github.redishajunit.RedisNode;
import io.github.redishajunit.RedisPod;
import io.github.redishajunit.RedisSentinel;
import io.github.redishajunit.ReplicationInfo;
import io.fabric8.kubernetes.api.model.Pod;
import io.lettuce.core.RedisException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the drills' recovery stages poll: the master's server back (in a new pod or the same one), the node every
 * Sentinel names, every replica linked to the master. Each answers now, or says what it saw instead.
 */
final class RecoveryProbes {

    private RecoveryProbes() {}

    /**
     * {@code restarted} once the master's server answers as a master with a run id other than {@code oldRunId}, in a
     * new pod ({@code samePod} false: the pod was deleted) or in the pod of {@code oldUid} ({@code samePod} true: the
     * server restarted in place), else what it is.
     */
    static String restarted(RedisPod master, String oldUid, String oldRunId, boolean samePod) {
        Pod pod = master.pod();
        if (pod == null) {
            return "no pod";
        }
        String uid = pod.getMetadata().getUid();
        if (!samePod && oldUid.equals(uid)) {
            return "the old pod still runs";
        }
        if (samePod && !oldUid.equals(uid)) {
            return "a new pod (uid " + uid + ") replaced pod " + master.name() + " (uid " + oldUid + ")";
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
     * The node every Sentinel names, when they all name the same one, it answers as a master, and it is not {@code
     * old}; or, with {@code oldRunId} given, {@code old} itself answering with another run id (restarted before the
     * Sentinels failed over).
     */
    static Optional<RedisNode> masterNamed(MasterLocator locator, String old, Optional<String> oldRunId) {
        List<Optional<RedisNode>> named = locator.sentinels().stream().map(locator::named).toList();
        if (named.isEmpty() || named.stream().anyMatch(Optional::isEmpty)) {
            return Optional.empty();
        }
        RedisNode first = named.get(0).get();
        boolean agree = named.stream().allMatch(n -> n.get().name().equals(first.name()));
        boolean moved = !first.name().equals(old) || oldRunId.isPresent() && restartedSince(first, oldRunId.get());
        return agree && moved && safeIsMaster(first) ? Optional.of(first) : Optional.empty();
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
            String host = replication.field("master_host").orElse("");
            int port = (int) replication.number("master_port").orElse(0);
            if (!master.isAt(host, port)) {
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
