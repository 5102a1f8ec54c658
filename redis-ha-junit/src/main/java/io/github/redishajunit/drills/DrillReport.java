package io.github.redishajunit.drills;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apiguardian.api.API;

/**
 * What one drill measured: the writes and what became of them, and how long the stack took to recover.
 *
 * @param drill what was done, e.g. {@code master pod deleted}
 * @param location where, e.g. {@code namespace rha-x}
 * @param pod the pod disrupted (deleted, or whose server was restarted)
 * @param preloaded keys written (and acknowledged) before the disruption, besides the writer's
 * @param attempted writes the writer attempted during the drill
 * @param failed writes the master did not answer OK
 * @param unconfirmed writes the master answered OK but {@code WAIT} did not count every replica for
 * @param acknowledged writes answered OK and counted by {@code WAIT} for every replica, the preloaded ones included
 * @param lost acknowledged keys missing from at least one node afterwards
 * @param missing for each node missing acknowledged keys, how many
 * @param unconfirmedLost unconfirmed writes missing from the master afterwards (asynchronous replication may lose
 *     them; reported, never failed)
 * @param writeOutage from the first failed write after the disruption to the next one that succeeded (zero when
 *     none failed)
 * @param writesResumed from the disruption to the first write that succeeded after the outage
 * @param replicasLinked from the disruption to every replica linked to the master and listed online by it
 * @param sentinelsAgreed from the disruption to every Sentinel naming the new master; empty without Sentinels
 * @param masterBefore the master before the drill
 * @param masterAfter the master after it
 * @param resyncs the master's full and partial resynchronizations during the drill
 * @param disruption what the times count from, as the summary says it: {@code the delete}, {@code the
 *     force-delete}, {@code the restart}
 * @param name the drill's short name, as {@code --drills} takes it, e.g. {@code isolate-master}
 * @param splitBrain how long two or more servers answered {@code role:master} at once (zero when never)
 * @param refused writes the master refused for lack of replicas ({@code NOREPLICAS}: {@code min-replicas-to-write})
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public record DrillReport(String drill, String location, String pod, int preloaded, int attempted, int failed,
        int unconfirmed, int acknowledged, int lost, Map<String, Integer> missing, int unconfirmedLost,
        Duration writeOutage, Duration writesResumed, Duration replicasLinked, Optional<Duration> sentinelsAgreed,
        String masterBefore, String masterAfter, String resyncs, String disruption, String name, Duration splitBrain,
        int refused) {

    public DrillReport {
        missing = Map.copyOf(missing);
    }

    /** A report without a short name, split brain or refusals: named by {@code drill}. */
    public DrillReport(String drill, String location, String pod, int preloaded, int attempted, int failed,
            int unconfirmed, int acknowledged, int lost, Map<String, Integer> missing, int unconfirmedLost,
            Duration writeOutage, Duration writesResumed, Duration replicasLinked, Optional<Duration> sentinelsAgreed,
            String masterBefore, String masterAfter, String resyncs, String disruption) {
        this(drill, location, pod, preloaded, attempted, failed, unconfirmed, acknowledged, lost, missing,
                unconfirmedLost, writeOutage, writesResumed, replicasLinked, sentinelsAgreed, masterBefore, masterAfter,
                resyncs, disruption, drill, Duration.ZERO, 0);
    }

    /** A report of a drill that deleted {@code pod}: its times count from {@code the delete}. */
    public DrillReport(String drill, String location, String pod, int preloaded, int attempted, int failed,
            int unconfirmed, int acknowledged, int lost, Map<String, Integer> missing, int unconfirmedLost,
            Duration writeOutage, Duration writesResumed, Duration replicasLinked, Optional<Duration> sentinelsAgreed,
            String masterBefore, String masterAfter, String resyncs) {
        this(drill, location, pod, preloaded, attempted, failed, unconfirmed, acknowledged, lost, missing,
                unconfirmedLost, writeOutage, writesResumed, replicasLinked, sentinelsAgreed, masterBefore, masterAfter,
                resyncs, "the delete");
    }

    /**
     * Writes the master acknowledged (answered OK, whether or not {@code WAIT} confirmed them on every replica) that
     * were missing afterwards: the {@link #lost()} confirmed ones and the {@link #unconfirmedLost()} others.
     */
    public int acknowledgedLost() {
        return lost + unconfirmedLost;
    }

    /**
     * The drill in the one-line form of the certification report, e.g. {@code drill isolate-master: acknowledged
     * writes lost: 0, split brain: 0.0 s, writes back after 0.0 s, replicas re-linked after 14.2 s}.
     */
    public String line() {
        return "drill " + name + ": acknowledged writes lost: " + acknowledgedLost() + ", split brain: "
                + seconds(splitBrain) + ", writes back after " + seconds(writesResumed) + ", replicas re-linked after "
                + seconds(replicasLinked);
    }

    /** From every replica linked again back to writes accepted again: how long replicas lagged behind the outage. */
    public Duration relinkAfterWrites() {
        Duration after = replicasLinked.minus(writesResumed);
        return after.isNegative() ? Duration.ZERO : after;
    }

    /**
     * The drill in one line, e.g. {@code master pod deleted (redis-master-0): acknowledged writes lost: 0 of 1240
     * (1000 preloaded); 251 writes attempted, 12 failed, 9 unconfirmed; write outage 2.1 s (writes accepted again
     * 2.3 s after the delete); replicas linked 4.0 s after the delete (1.7 s after writes resumed); resync: 2 full,
     * 0 partial}.
     */
    public String summary() {
        StringBuilder line = new StringBuilder();
        line.append(drill).append(" (").append(pod).append("): acknowledged writes lost: ").append(lost).append(" of ")
                .append(acknowledged).append(" (").append(preloaded).append(" preloaded)");
        if (!missing.isEmpty()) {
            line.append(", missing on ").append(missingOn());
        }
        line.append("; ").append(attempted).append(" writes attempted, ").append(failed).append(" failed, ")
                .append(unconfirmed).append(" unconfirmed");
        if (unconfirmedLost > 0) {
            line.append(" (").append(unconfirmedLost).append(" of them lost)");
        }
        if (refused > 0) {
            line.append("; ").append(refused).append(" refused by the master for lack of replicas (NOREPLICAS)");
        }
        if (!splitBrain.isZero()) {
            line.append("; split brain: two servers answered role:master at once for ").append(seconds(splitBrain));
        }
        if (writeOutage.isZero()) {
            line.append("; no write failed");
        } else {
            line.append("; write outage ").append(seconds(writeOutage)).append(" (writes accepted again ")
                    .append(seconds(writesResumed)).append(" after ").append(disruption).append(")");
        }
        sentinelsAgreed.ifPresent(agreed -> line.append("; every Sentinel named ").append(masterAfter).append(" ")
                .append(seconds(agreed)).append(" after ").append(disruption));
        if (!masterAfter.equals(masterBefore)) {
            line.append("; master ").append(masterBefore).append(" -> ").append(masterAfter).append(" (")
                    .append(masterBefore).append(" rejoined as a replica)");
        }
        line.append("; replicas linked ").append(seconds(replicasLinked)).append(" after ").append(disruption);
        if (!writeOutage.isZero()) {
            line.append(" (").append(seconds(relinkAfterWrites())).append(" after writes resumed)");
        }
        line.append("; resync: ").append(resyncs);
        return line.toString();
    }

    /**
     * The drill's figures under stable names, for the machine-readable report: {@code name}, {@code writesAttempted},
     * {@code writesFailed}, {@code preloaded}, {@code acknowledgedByMaster} (answered OK), {@code acknowledgedByWait}
     * (also counted by {@code WAIT} for every replica), {@code acknowledgedLost}, {@code refusedNoReplicas}, {@code
     * splitBrainMs}, {@code writeOutageMs}, {@code writesBackMs}, {@code replicasRelinkedMs}, {@code sentinelsAgreedMs}
     * (with Sentinels), {@code masterBefore}, {@code masterAfter}, {@code resyncs}; counts and milliseconds as digits.
     */
    public Map<String, String> figures() {
        Map<String, String> figures = new LinkedHashMap<>();
        figures.put("name", name);
        figures.put("drill", drill);
        figures.put("pod", pod);
        figures.put("writesAttempted", String.valueOf(attempted));
        figures.put("writesFailed", String.valueOf(failed));
        figures.put("preloaded", String.valueOf(preloaded));
        figures.put("acknowledgedByMaster", String.valueOf(acknowledged + unconfirmed));
        figures.put("acknowledgedByWait", String.valueOf(acknowledged));
        figures.put("acknowledgedLost", String.valueOf(acknowledgedLost()));
        figures.put("refusedNoReplicas", String.valueOf(refused));
        figures.put("splitBrainMs", String.valueOf(splitBrain.toMillis()));
        figures.put("writeOutageMs", String.valueOf(writeOutage.toMillis()));
        figures.put("writesBackMs", String.valueOf(writesResumed.toMillis()));
        figures.put("replicasRelinkedMs", String.valueOf(replicasLinked.toMillis()));
        sentinelsAgreed.ifPresent(agreed -> figures.put("sentinelsAgreedMs", String.valueOf(agreed.toMillis())));
        figures.put("masterBefore", masterBefore);
        figures.put("masterAfter", masterAfter);
        figures.put("resyncs", resyncs);
        return figures;
    }

    static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }

    /** How many acknowledged keys each node is missing, by node, e.g. {@code redis-master-0 1000, redis-slave-0 1000}. */
    String missingOn() {
        return missing.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return summary();
    }
}
