package io.github.redishajunit.assertions;

import io.github.redishajunit.Endpoint;
import io.github.redishajunit.RedisNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one node's log against the runbook into {@link LogFindings}: forbidden lines, and required lines that are
 * missing. Lines not in Redis's log format are ignored. Every pattern is a message prefix or fragment checked against the format
 * strings of the Redis 7.0.15, Redis 8.0.2 and Valkey 8.1.1 binaries (Debian's) and against their captured logs; 7.2
 * wordings come from the captures in the replication notes. Where the servers word a line differently the pattern
 * takes every wording, and says which server says what:
 * <ul>
 *   <li>Valkey (8.0 on) says {@code PRIMARY} where Redis says {@code MASTER} ({@code Connecting to PRIMARY},
 *       {@code PRIMARY <-> REPLICA sync: Finished with success}, {@code Unable to connect to PRIMARY}, {@code
 *       PRIMARY timeout}, ...) and {@code primary} where Redis says {@code master} ({@code Successful partial
 *       resynchronization with primary.}, {@code Unexpected reply to PSYNC from primary}); see {@link LogWording};
 *   <li>Redis 8.0 logs its RDB channel's errors in lower case ({@code Unable to connect to master}, {@code Unable
 *       to AUTH to master}), Valkey 8.1 its dual channel's with a prefix ({@code Dual channel replication: Unable to
 *       connect to Primary});
 *   <li>Redis 8.0 logs {@code Full resync requested by replica <addr> } (a trailing space) and, for a replica that
 *       syncs over an RDB channel (its default), a second {@code ... (rdb-channel)} line for the same sync.
 * </ul>
 *
 */
final class LogScanner {

    private static final String LINK_ERROR = "replication link error";

    /** First matching rule names the finding; order puts the most specific first. */
    private static final List<Forbidden> FORBIDDEN = List.of(
            new Forbidden("security warning", "^Possible SECURITY ATTACK detected"),
            // MISCONF is a reply, never a log line (it is in no log format string of the three binaries): the
            // server logs the failed save that puts it in that state; from then on, with save points configured and
            // stop-writes-on-bgsave-error yes (both defaults), it answers writes with MISCONF until a save succeeds
            new Forbidden("MISCONF", "^Background saving error\\b"),
            new Forbidden("persistence failure", String.join("|",
                    "^Background saving terminated by signal",
                    "^Failed opening the temp RDB file",
                    "^Failed opening the RDB file",
                    "^Write error saving DB on disk",
                    "^Can't save in background",
                    "^Error moving temp DB file",
                    "^Error trying to save the DB",
                    "^Errors trying to shut down the server",
                    "^Error writing to the AOF file",
                    "^Short write while writing to the AOF file",
                    "^Fail to fsync the AOF file",
                    "^Can't open the append-only file",
                    "^Can't open or create append-only dir",
                    "^Background AOF rewrite terminated with error",
                    "^Can't rewrite append only file in background")),
            new Forbidden("permission denied", "Permission denied"),
            new Forbidden(LINK_ERROR, String.join("|",
                    "^Error condition on socket for SYNC",
                    "^Timeout connecting to the (?:MASTER|PRIMARY)",
                    "^(?:Dual channel replication: )?Unable to connect to (?:MASTER|master|PRIMARY|Primary)\\b",
                    "^(?:MASTER|PRIMARY) timeout: no data nor PING received",
                    "^(?:MASTER|PRIMARY) aborted replication with an error",
                    "^(?:Dual channel replication: )?Unable to AUTH to (?:MASTER|master|PRIMARY|Primary)\\b",
                    "^Unexpected reply to PSYNC from (?:master|primary)",
                    "^Disconnecting timedout replica",
                    "^Client .* flags=[A-Za-z]*S[A-Za-z]* .*overcoming of output buffer limits")));

    private static final Pattern WARNING = Pattern.compile("^WARNING\\b");
    /** One request per sync: Redis 8.0's second line for a sync over its RDB channel, {@code (rdb-channel)}, is not. */
    private static final Pattern FULL_RESYNC_REQUEST = Pattern.compile("^Full resync requested by replica (\\S+) ?$");
    private static final Pattern READY = Pattern.compile("^Ready to accept connections\\b");
    private static final Pattern CONNECTING = Pattern.compile("^Connecting to (?:MASTER|PRIMARY) \\S+");
    /** A replica's completed sync, full or partial (Valkey's dual channel words its partial one with a prefix). */
    private static final String REPLICA_SIDE_SYNC = String.join("|",
            "^(?:MASTER|PRIMARY) <-> REPLICA sync: Finished with success$",
            "^(?:Dual channel replication: )?(?:MASTER|PRIMARY) <-> REPLICA sync: (?:Master|Primary) accepted a Partial"
                    + " Resynchronization",
            "^Successful partial resynchronization with (?:master|primary)\\.$");
    private static final Pattern REPLICA_SYNCED = Pattern.compile(REPLICA_SIDE_SYNC);

    /** Lines after which the replication link is known good again: a completed sync, as either side logs it. */
    private static final Pattern SYNC_SUCCEEDED = Pattern.compile(String.join("|",
            REPLICA_SIDE_SYNC,
            "^Synchronization with replica \\S+ succeeded$",
            "^Partial resynchronization request from \\S+ accepted\\."));

    private LogScanner() {}

    /**
     * Scans one node's log.
     *
     * @param node the node's name, for the findings
     * @param role what the node is expected to be: a master must log readiness and a completed sync for each
     *     expected replica; a replica must log connecting to its master and a completed sync
     * @param expectedReplicas for a master, the replicas' announced addresses, as the master logs them
     */
    static LogFindings scan(String node, RedisNode.Role role, List<String> lines,
            Collection<Endpoint> expectedReplicas, LogRules rules) {
        return scan(node, role, lines, expectedReplicas, List.of(), rules);
    }

    /**
     * Scans one node's log, as {@link #scan(String, RedisNode.Role, List, Collection, LogRules)}, knowing which
     * replicas the master lists online now: a replica's repeated full resyncs are recovered history only when it
     * synced after its last request, stayed connected, and is online now.
     */
    static LogFindings scan(String node, RedisNode.Role role, List<String> lines,
            Collection<Endpoint> expectedReplicas, Collection<Endpoint> onlineReplicas, LogRules rules) {
        List<LogLine> log = lines.stream().map(LogLine::parse).flatMap(Optional::stream).toList();
        int lastSync = -1;
        for (int i = 0; i < log.size(); i++) {
            if (SYNC_SUCCEEDED.matcher(log.get(i).message()).find()) {
                lastSync = i;
            }
        }
        List<LogFinding> findings = new ArrayList<>();
        List<LogFinding> recovered = new ArrayList<>();
        for (int i = 0; i < log.size(); i++) {
            LogLine line = log.get(i);
            if (!rules.allows(line.message())) {
                boolean beforeRecovery = i < lastSync;
                kindOf(line).ifPresent(kind -> (beforeRecovery && kind.equals(LINK_ERROR) ? recovered : findings)
                        .add(new LogFinding(node, kind, line.text())));
            }
        }
        List<MissingLogMarker> missing = new ArrayList<>();
        if (role == RedisNode.Role.MASTER) {
            repeatedFullResyncs(node, log, rules, onlineReplicas, findings, recovered);
            require(log, READY, node, "Ready to accept connections", missing);
            for (Endpoint replica : expectedReplicas) {
                String address = Pattern.quote(replica.toString());
                require(log, Pattern.compile("^Synchronization with replica " + address + " succeeded$|"
                                + "^Partial resynchronization request from " + address + " accepted\\."), node,
                        "Synchronization with replica " + replica + " succeeded", missing);
            }
        } else {
            LogWording wording = LogWording.of(log);
            require(log, CONNECTING, node, wording.connecting(), missing);
            require(log, REPLICA_SYNCED, node, wording.syncFinished(), missing);
        }
        return new LogFindings(findings, missing, recovered);
    }

    private static Optional<String> kindOf(LogLine line) {
        for (Forbidden rule : FORBIDDEN) {
            if (rule.pattern().matcher(line.message()).find()) {
                return Optional.of(rule.kind());
            }
        }
        if (line.isWarningLevel() && WARNING.matcher(line.message()).find()) {
            return Optional.of(warningKind(line.message()));
        }
        return Optional.empty();
    }

    private static String warningKind(String message) {
        if (LogRules.MEMORY_OVERCOMMIT_WARNING.matcher(message).find()) {
            return "memory overcommit warning";
        }
        if (LogRules.TCP_BACKLOG_WARNING.matcher(message).find()) {
            return "somaxconn (TCP backlog) warning";
        }
        if (LogRules.TRANSPARENT_HUGE_PAGES_WARNING.matcher(message).find()) {
            return "transparent huge pages warning";
        }
        return "warning";
    }

    /**
     * A replica that asks for a full resync more than once ({@code PSYNC ? -1}: it restarted without its replication
     * state each time) is a finding, unless its last request was followed by a completed sync and no lost connection
     * since, and the master lists it online now: then the restarts are history the stack recovered from (a drill's,
     * a rollout's), reported as recovered.
     */
    private static void repeatedFullResyncs(String node, List<LogLine> log, LogRules rules,
            Collection<Endpoint> online, List<LogFinding> findings, List<LogFinding> recovered) {
        Map<String, List<Integer>> requests = new LinkedHashMap<>();
        for (int i = 0; i < log.size(); i++) {
            Matcher matcher = FULL_RESYNC_REQUEST.matcher(log.get(i).message());
            if (matcher.matches() && !rules.allows(log.get(i).message())) {
                requests.computeIfAbsent(matcher.group(1), replica -> new ArrayList<>()).add(i);
            }
        }
        requests.forEach((replica, lines) -> {
            if (lines.size() > 1) {
                int last = lines.get(lines.size() - 1);
                LogFinding finding = new LogFinding(node, "repeated full resync (" + lines.size()
                        + " requests by replica " + replica + ")", log.get(last).text());
                boolean onlineNow = online.stream().anyMatch(address -> address.toString().equals(replica));
                (onlineNow && syncedSince(log, last, replica) ? recovered : findings).add(finding);
            }
        });
    }

    /** Whether the master completed a sync with {@code replica} after line {@code from} and kept it connected. */
    private static boolean syncedSince(List<LogLine> log, int from, String replica) {
        String address = Pattern.quote(replica);
        Pattern synced = Pattern.compile("^Synchronization with replica " + address + " succeeded$");
        Pattern lost = Pattern.compile("^Connection with replica " + address + " lost\\.?$");
        boolean ok = false;
        for (int i = from + 1; i < log.size(); i++) {
            String message = log.get(i).message();
            if (synced.matcher(message).find()) {
                ok = true;
            } else if (lost.matcher(message).find()) {
                ok = false;
            }
        }
        return ok;
    }

    private static void require(List<LogLine> log, Pattern pattern, String node, String marker,
            List<MissingLogMarker> missing) {
        if (log.stream().noneMatch(line -> pattern.matcher(line.message()).find())) {
            missing.add(new MissingLogMarker(node, marker));
        }
    }

    private record Forbidden(String kind, Pattern pattern) {
        Forbidden(String kind, String regex) {
            this(kind, Pattern.compile(regex));
        }
    }
}
