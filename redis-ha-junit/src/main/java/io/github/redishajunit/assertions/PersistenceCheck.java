package io.github.redishajunit.assertions;

import static io.github.redishajunit.assertions.ShouldPersist.shouldPersist;

import io.github.redishajunit.RedisNode;
import io.github.redishajunit.RedisTopology;
import io.github.redishajunit.assertions.PersistenceResult.NodePersistence;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Data survives a restart: every node's last RDB save and AOF write succeeded, and the master persists at all (AOF,
 * or RDB save points). A master that restarts without persisted data comes back empty, and its replicas follow it:
 * they full-resync to the empty data set (the replication notes, finding 8).
 */
record PersistenceCheck(RedisTopology topology) {

    Verdict<PersistenceResult> run() {
        List<NodePersistence> nodes = new ArrayList<>();
        Map<String, String> problems = new LinkedHashMap<>();
        List<RedisNode> all = topology.nodes();
        for (RedisNode node : all) {
            try {
                NodePersistence persistence = read(node);
                nodes.add(persistence);
                problem(node, persistence).ifPresent(problem -> problems.put(node.describe(), problem));
            } catch (RedisException e) {
                problems.put(node.describe(), "did not answer INFO persistence: " + Errors.describe(e));
            }
        }
        PersistenceResult result = new PersistenceResult(nodes);
        return problems.isEmpty() ? Verdict.passed(result)
                : Verdict.failed(result, shouldPersist(topology.location(), all.size(), problems));
    }

    private static NodePersistence read(RedisNode node) {
        Map<String, String> info = node.infoFields("persistence");
        String savePoints;
        try {
            savePoints = node.connection().sync().configGet("save").getOrDefault("save", "");
        } catch (RedisCommandExecutionException configNotAllowed) {
            savePoints = null;
        }
        return new NodePersistence(node.name(), node.address(), "1".equals(info.get("aof_enabled")), savePoints,
                info.getOrDefault("rdb_last_bgsave_status", "?"), info.getOrDefault("aof_last_write_status", "?"));
    }

    private static Optional<String> problem(RedisNode node, NodePersistence persistence) {
        List<String> found = new ArrayList<>();
        if (!"ok".equals(persistence.rdbLastBgsaveStatus())) {
            found.add("rdb_last_bgsave_status:" + persistence.rdbLastBgsaveStatus() + " (its last RDB save failed)");
        }
        if (persistence.aofEnabled() && !"ok".equals(persistence.aofLastWriteStatus())) {
            found.add("aof_last_write_status:" + persistence.aofLastWriteStatus() + " (its AOF writes fail)");
        }
        boolean persistsNothing = !persistence.aofEnabled() && persistence.savePoints() != null
                && persistence.savePoints().isBlank();
        if (node.role() == RedisNode.Role.MASTER && persistsNothing) {
            found.add("persists nothing (aof_enabled:0, save \"\"): restarted, it comes back empty and its replicas"
                    + " resync to empty; a cache may choose that, a store needs appendonly yes or save points"
                    + " (e.g. save 3600 1) on a data volume");
        }
        return found.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", found));
    }
}
