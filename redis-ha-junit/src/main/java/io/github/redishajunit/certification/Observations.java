package io.github.redishajunit.certification;

import io.github.redishajunit.assertions.AcknowledgementResult;
import io.github.redishajunit.assertions.AuthResult;
import io.github.redishajunit.assertions.LogAudit;
import io.github.redishajunit.assertions.LogFinding;
import io.github.redishajunit.assertions.NodePortResult;
import io.github.redishajunit.assertions.PersistenceResult;
import io.github.redishajunit.assertions.PropagationResult;
import io.github.redishajunit.assertions.ReadOnlyResult;
import io.github.redishajunit.assertions.ReplicaStatus;
import io.github.redishajunit.assertions.ReplicationStatus;
import io.github.redishajunit.assertions.SentinelResult;
import java.time.Duration;
import java.util.stream.Collectors;

/** One line of observed values per runbook step, for the certification report. */
final class Observations {

    private Observations() {}

    static String of(ReplicationStatus status) {
        String online = status.master().listedReplicas().stream()
                .filter(listed -> listed.online())
                .map(listed -> listed.address().toString())
                .collect(Collectors.joining(", "));
        String replicas = status.replicas().stream().map(Observations::replica).collect(Collectors.joining("; "));
        return status.master().node() + " role:" + status.master().role().orElse("?") + ", online: [" + online
                + "], offset " + status.masterOffsetSnapshot() + "; " + replicas;
    }

    private static String replica(ReplicaStatus replica) {
        return replica.node() + " role:" + replica.role().orElse("?") + " master:" + replica.master().orElse("?")
                + " link:" + replica.linkStatus().orElse("?") + " offset:"
                + (replica.processedOffset().isPresent() ? replica.processedOffset().getAsLong() : "?");
    }

    static String of(PropagationResult result) {
        return "latency " + result.latencies().stream()
                .map(latency -> latency.node() + " " + millis(latency.latency()))
                .collect(Collectors.joining(", "));
    }

    static String of(AcknowledgementResult result) {
        return "WAIT " + result.replicas() + " " + result.timeout().toMillis() + " acknowledged by "
                + result.acknowledged() + " in " + millis(result.elapsed());
    }

    static String of(LogAudit audit) {
        return "read " + String.join(", ", audit.nodes()) + ": " + audit.findings().size() + " findings, "
                + audit.missingMarkers().size() + " missing markers" + (audit.recovered().isEmpty() ? ""
                        : "; recovered history: " + audit.recovered().size() + " link errors before the last"
                                + " successful sync (" + audit.recovered().stream().map(LogFinding::node).distinct()
                                        .collect(Collectors.joining(", ")) + ")");
    }

    static String of(NodePortResult result) {
        return result.endpoint() + " " + result.pong() + " in " + millis(result.pingRoundTrip()) + ", role:"
                + result.role() + ", write visible on master: " + result.writeVisibleOnMaster();
    }

    static String of(ReadOnlyResult result) {
        return result.rejections().stream()
                .map(rejection -> rejection.node() + " " + firstWord(rejection.reply()))
                .collect(Collectors.joining(", "));
    }

    static String of(PersistenceResult result) {
        return result.nodes().stream()
                .map(node -> node.node() + " aof:" + (node.aofEnabled() ? "on" : "off") + " last save:"
                        + node.rdbLastBgsaveStatus() + (node.aofEnabled() ? " last AOF write:" + node.aofLastWriteStatus() : ""))
                .collect(Collectors.joining(", "));
    }

    static String of(SentinelResult result) {
        return result.masterName() + ": " + result.sentinels().stream()
                .map(view -> view.sentinel() + " names " + view.master() + ", " + firstWord(view.quorum()) + ", "
                        + view.replicas() + " replicas, " + view.otherSentinels() + " other Sentinels")
                .collect(Collectors.joining("; "));
    }

    static String of(AuthResult result) {
        boolean allMatch = result.masterauth().values().stream().allMatch("matches"::equals);
        return "without a password: " + result.replies().entrySet().stream()
                .map(e -> e.getKey().replaceFirst(" \\(.*", "") + " " + firstWord(e.getValue()))
                .sorted()
                .collect(Collectors.joining(", "))
                + "; masterauth " + (allMatch ? "matches on all " + result.masterauth().size() + " nodes"
                        : result.masterauth().entrySet().stream()
                                .map(e -> e.getKey().replaceFirst(" \\(.*", "") + " " + e.getValue())
                                .sorted().collect(Collectors.joining(", ")));
    }

    private static String firstWord(String reply) {
        int space = reply.indexOf(' ');
        return space < 0 ? reply : reply.substring(0, space);
    }

    private static String millis(Duration duration) {
        return String.format(java.util.Locale.ROOT, "%.1f ms", duration.toNanos() / 1_000_000.0);
    }
}
