package io.github.redishajunit.assertions;

import static io.github.redishajunit.assertions.ShouldHaveCleanLogs.shouldHaveCleanLogs;
import static io.github.redishajunit.assertions.ShouldHaveLogMarkers.shouldHaveLogMarkers;

import io.github.redishajunit.Endpoint;
import io.github.redishajunit.RedisNode;
import io.github.redishajunit.RedisTopology;
import io.github.redishajunit.ReplicationInfo;
import io.lettuce.core.RedisException;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * Runbook step 3, the logs: every node's log is scanned by {@link LogFindings} for forbidden lines and for the
 * lines the runbook requires (the master's readiness and a completed sync per replica, under the replica's
 * announced address; each replica's connecting to its master and completed sync).
 */
final class LogCheck {

    private final RedisTopology topology;

    LogCheck(RedisTopology topology) {
        this.topology = topology;
    }

    Verdict<LogAudit> run(LogRules rules) {
        List<Endpoint> replicaAddresses = topology.replicas().stream().map(LogCheck::announcedAddress).toList();
        List<String> nodes = new ArrayList<>();
        List<LogFinding> findings = new ArrayList<>();
        List<MissingLogMarker> missing = new ArrayList<>();
        List<LogFinding> recovered = new ArrayList<>();
        RedisNode master = topology.master();
        collect(master, LogScanner.scan(master.name(), RedisNode.Role.MASTER, master.logs(), replicaAddresses,
                onlineReplicas(master), rules), nodes, findings, missing, recovered);
        for (RedisNode replica : topology.replicas()) {
            collect(replica, LogScanner.scan(replica.name(), RedisNode.Role.REPLICA, replica.logs(), List.of(), rules),
                    nodes, findings, missing, recovered);
        }
        LogAudit audit = new LogAudit(nodes, findings, missing, rules, recovered);
        List<ErrorMessageFactory> failures = new ArrayList<>();
        if (!findings.isEmpty()) {
            failures.add(shouldHaveCleanLogs(topology.location(), findings, rules));
        }
        if (!missing.isEmpty()) {
            failures.add(shouldHaveLogMarkers(topology.location(), missing));
        }
        return new Verdict<>(audit, failures);
    }

    private static void collect(RedisNode node, LogFindings scan, List<String> nodes, List<LogFinding> findings,
            List<MissingLogMarker> missing, List<LogFinding> recovered) {
        nodes.add(node.name());
        findings.addAll(scan.findings());
        missing.addAll(scan.missing());
        recovered.addAll(scan.recovered());
    }

    /** As the master logs it; a replica that cannot be asked is assumed to announce its own address and port. */
    private static Endpoint announcedAddress(RedisNode replica) {
        try {
            return AnnouncedAddress.of(replica);
        } catch (RedisException unreachable) {
            return replica.address();
        }
    }

    /** The replicas the master lists {@code state=online} now; none when it does not answer. */
    private static List<Endpoint> onlineReplicas(RedisNode master) {
        try {
            return master.replication().listedReplicas().stream().filter(ReplicationInfo.ListedReplica::online)
                    .map(ReplicationInfo.ListedReplica::address).toList();
        } catch (RuntimeException notAnswering) {
            return List.of();
        }
    }
}
