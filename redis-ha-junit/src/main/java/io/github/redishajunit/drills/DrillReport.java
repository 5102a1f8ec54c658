package io.github.redishajunit.drills;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apiguardian.api.API;

/**
 * What one drill measured: the writes and what became of them, and how long the stack took to recover.
 *
 * @param subject which drill, what it disrupted and where
 * @param writes what the writer did
 * @param losses what became of the acknowledged writes
 * @param timeline how long the stack took to recover, counted from the disruption
 * @param masters the master before and after the drill, and its resynchronizations
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public record DrillReport(Subject subject, Writes writes, Losses losses, Timeline timeline, Masters masters) {

    public DrillReport {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(writes, "writes");
        Objects.requireNonNull(losses, "losses");
        Objects.requireNonNull(timeline, "timeline");
        Objects.requireNonNull(masters, "masters");
    }

    /**
     * Which drill, what it disrupted and where.
     *
     * @param name the drill's short name, as {@code --drills} takes it, e.g. {@code isolate-master}
     * @param drill what was done, e.g. {@code master pod deleted}
     * @param location where, e.g. {@code namespace rha-x}
     * @param pod the pod disrupted (deleted, or whose server was restarted)
     * @param disruption what the times count from, as the summary says it: {@code the delete}, {@code the
     *     force-delete}, {@code the restart}
     */
    @API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
    public record Subject(String name, String drill, String location, String pod, String disruption) {
    }

    /**
     * What the writer did.
     *
     * @param preloaded keys written (and acknowledged) before the disruption, besides the writer's
     * @param attempted writes the writer attempted during the drill
     * @param failed writes the master did not answer OK
     * @param unconfirmed writes the master answered OK but {@code WAIT} did not count every replica for
     * @param acknowledged writes answered OK and counted by {@code WAIT} for every replica, the preloaded ones
     *     included
     * @param refused writes the master refused for lack of replicas ({@code NOREPLICAS}: {@code
     *     min-replicas-to-write})
     */
    @API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
    public record Writes(int preloaded, int attempted, int failed, int unconfirmed, int acknowledged, int refused) {

        /** Writes the master answered OK, whether or not {@code WAIT} counted every replica for them. */
        public int acknowledgedByMaster() {
            return acknowledged + unconfirmed;
        }
    }

    /**
     * What became of the acknowledged writes.
     *
     * @param lost acknowledged keys missing from at least one node afterwards
     * @param missing for each node missing acknowledged keys, how many
     * @param unconfirmedLost unconfirmed writes missing from the master afterwards (asynchronous replication may
     *     lose them; reported, never failed)
     * @param toFormerMaster of the {@code lost} ones, those sent after the master at the end was promoted: the writer
     *     (the application's client, under a workload) wrote them to a server that was no longer the master
     */
    @API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
    public record Losses(int lost, Map<String, Integer> missing, int unconfirmedLost, int toFormerMaster) {

        public Losses {
            missing = Map.copyOf(missing);
        }

        /** Losses none of which is known to have gone to a former master. */
        public Losses(int lost, Map<String, Integer> missing, int unconfirmedLost) {
            this(lost, missing, unconfirmedLost, 0);
        }

        /**
         * How many acknowledged keys each node is missing, by node, e.g. {@code redis-master-0 1000, redis-slave-0
         * 1000}.
         */
        String missingOn() {
            return missing.entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
        }
    }

    /**
     * How long the stack took to recover, counted from the disruption.
     *
     * @param writeOutage from the first failed write after the disruption to the next one that succeeded (zero when
     *     none failed)
     * @param writesResumed from the disruption to the first write that succeeded after the outage
     * @param replicasLinked from the disruption to every replica linked to the master and listed online by it
     * @param sentinelsAgreed from the disruption to every Sentinel naming the new master; empty without Sentinels
     * @param splitBrain how long two or more servers answered {@code role:master} at once (zero when never)
     */
    @API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
    public record Timeline(Duration writeOutage, Duration writesResumed, Duration replicasLinked,
            Optional<Duration> sentinelsAgreed, Duration splitBrain) {

        /**
         * From writes accepted again to every replica linked again: how long replicas lagged behind the outage.
         */
        public Duration relinkAfterWrites() {
            Duration after = replicasLinked.minus(writesResumed);
            return after.isNegative() ? Duration.ZERO : after;
        }
    }

    /**
     * The master before and after the drill, and its resynchronizations.
     *
     * @param before the master before the drill
     * @param after the master after it
     * @param resyncs the master's full and partial resynchronizations during the drill
     */
    @API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
    public record Masters(String before, String after, String resyncs) {

        /** Whether another server is the master after the drill. */
        public boolean changed() {
            return !after.equals(before);
        }
    }

    /**
     * Writes the master acknowledged (answered OK, whether or not {@code WAIT} confirmed them on every replica) that
     * were missing afterwards: the {@link Losses#lost()} confirmed ones and the {@link Losses#unconfirmedLost()}
     * others.
     */
    public int acknowledgedLost() {
        return losses.lost() + losses.unconfirmedLost();
    }

    /**
     * The drill in the one-line form of the certification report, e.g. {@code drill isolate-master: acknowledged
     * writes lost: 0, split brain: 0.0 s, writes back after 0.0 s, replicas re-linked after 14.2 s}.
     */
    public String line() {
        return "drill " + subject.name() + ": acknowledged writes lost: " + acknowledgedLost() + ", split brain: "
                + seconds(timeline.splitBrain()) + ", writes back after " + seconds(timeline.writesResumed())
                + ", replicas re-linked after " + seconds(timeline.replicasLinked());
    }

    /**
     * The drill in one line, e.g. {@code master pod deleted (redis-master-0): acknowledged writes lost: 0 of 1240
     * (1000 preloaded); 251 writes attempted, 12 failed, 9 unconfirmed; write outage 2.1 s (writes accepted again
     * 2.3 s after the delete); replicas linked 4.0 s after the delete (1.7 s after writes resumed); resync: 2 full,
     * 0 partial}.
     */
    public String summary() {
        StringBuilder line = new StringBuilder();
        line.append(subject.drill()).append(" (").append(subject.pod()).append("): acknowledged writes lost: ")
                .append(losses.lost()).append(" of ").append(writes.acknowledged()).append(" (")
                .append(writes.preloaded()).append(" preloaded)");
        if (!losses.missing().isEmpty()) {
            line.append(", missing on ").append(losses.missingOn());
        }
        if (losses.toFormerMaster() > 0) {
            line.append(" (").append(losses.toFormerMaster()).append(" of them written after ").append(masters.after())
                    .append(" was promoted: the writer wrote to a server that was no longer the master)");
        }
        line.append("; ").append(writes.attempted()).append(" writes attempted, ").append(writes.failed())
                .append(" failed, ").append(writes.unconfirmed()).append(" unconfirmed");
        if (losses.unconfirmedLost() > 0) {
            line.append(" (").append(losses.unconfirmedLost()).append(" of them lost)");
        }
        if (writes.refused() > 0) {
            line.append("; ").append(writes.refused())
                    .append(" refused by the master for lack of replicas (NOREPLICAS)");
        }
        if (!timeline.splitBrain().isZero()) {
            line.append("; split brain: two servers answered role:master at once for ")
                    .append(seconds(timeline.splitBrain()));
        }
        appendRecovery(line);
        line.append("; resync: ").append(masters.resyncs());
        return line.toString();
    }

    /** The summary's times: the write outage, the Sentinels' agreement, the new master and the re-link. */
    private void appendRecovery(StringBuilder line) {
        String disruption = subject.disruption();
        if (timeline.writeOutage().isZero()) {
            line.append("; no write failed");
        } else {
            line.append("; write outage ").append(seconds(timeline.writeOutage())).append(" (writes accepted again ")
                    .append(seconds(timeline.writesResumed())).append(" after ").append(disruption).append(")");
        }
        timeline.sentinelsAgreed().ifPresent(agreed -> line.append("; every Sentinel named ").append(masters.after())
                .append(" ").append(seconds(agreed)).append(" after ").append(disruption));
        if (masters.changed()) {
            line.append("; master ").append(masters.before()).append(" -> ").append(masters.after()).append(" (")
                    .append(masters.before()).append(" rejoined as a replica)");
        }
        line.append("; replicas linked ").append(seconds(timeline.replicasLinked())).append(" after ")
                .append(disruption);
        if (!timeline.writeOutage().isZero()) {
            line.append(" (").append(seconds(timeline.relinkAfterWrites())).append(" after writes resumed)");
        }
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
        figures.put("name", subject.name());
        figures.put("drill", subject.drill());
        figures.put("pod", subject.pod());
        figures.put("writesAttempted", String.valueOf(writes.attempted()));
        figures.put("writesFailed", String.valueOf(writes.failed()));
        figures.put("preloaded", String.valueOf(writes.preloaded()));
        figures.put("acknowledgedByMaster", String.valueOf(writes.acknowledgedByMaster()));
        figures.put("acknowledgedByWait", String.valueOf(writes.acknowledged()));
        figures.put("acknowledgedLost", String.valueOf(acknowledgedLost()));
        figures.put("refusedNoReplicas", String.valueOf(writes.refused()));
        figures.put("splitBrainMs", String.valueOf(timeline.splitBrain().toMillis()));
        figures.put("writeOutageMs", String.valueOf(timeline.writeOutage().toMillis()));
        figures.put("writesBackMs", String.valueOf(timeline.writesResumed().toMillis()));
        figures.put("replicasRelinkedMs", String.valueOf(timeline.replicasLinked().toMillis()));
        timeline.sentinelsAgreed().ifPresent(agreed -> figures.put("sentinelsAgreedMs",
                String.valueOf(agreed.toMillis())));
        figures.put("masterBefore", masters.before());
        figures.put("masterAfter", masters.after());
        figures.put("resyncs", masters.resyncs());
        return figures;
    }

    static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }

    @Override
    public String toString() {
        return summary();
    }
}
