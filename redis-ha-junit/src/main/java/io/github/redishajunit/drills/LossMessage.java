package io.github.redishajunit.drills;

import java.util.List;
import java.util.Map;

/** The failure of a drill that lost acknowledged writes: how many, where, and in a user's words why. */
final class LossMessage {

    private LossMessage() {}

    /**
     * @param missing the acknowledged keys each node lacks, by node
     * @param master the master after the drill
     * @param replicas the replicas after the drill
     * @param acknowledged how many writes were acknowledged, the preloaded ones included
     * @param acknowledgedBefore the keys acknowledged before the disruption
     * @param tolerated how many losses the drill tolerates
     * @param minReplicas the old master's {@code min-replicas-*} settings, for the cause of an isolated master's loss
     */
    static String of(DrillReport report, Fault fault, Map<String, List<String>> missing, String master,
            List<String> replicas, int acknowledged, List<String> acknowledgedBefore, int tolerated,
            MinReplicas minReplicas) {
        if (fault == Fault.ISOLATE) {
            return isolated(report, missing, minReplicas, tolerated);
        }
        boolean masterEmpty = !acknowledgedBefore.isEmpty()
                && missing.getOrDefault(master, List.of()).containsAll(acknowledgedBefore);
        boolean replicasToo = replicas.stream()
                .allMatch(replica -> missing.getOrDefault(replica, List.of()).containsAll(acknowledgedBefore));
        String empty = "; " + master + " came back empty (without any of the " + acknowledgedBefore.size()
                + " acknowledged before " + fault.noun() + ")";
        String why = masterEmpty && replicasToo ? empty + " and the replicas resynced from it and lost them too"
                : masterEmpty ? empty : "";
        String first = missing.values().stream().flatMap(List::stream).distinct().limit(5).toList().toString();
        DrillReport.Subject subject = report.subject();
        return "Expecting the Redis HA stack in " + subject.location() + " to keep every acknowledged write when "
                + fault.happened(subject.pod()) + " (" + subject.drill() + ")\nbut " + report.losses().lost() + " of "
                + acknowledged + " acknowledged keys were missing afterwards" + why + " (missing on "
                + report.losses().missingOn() + "; first: " + first + ")"
                + (tolerated > 0 ? ", more than the " + tolerated + " tolerated" : "")
                + "\n" + report.summary() + "\n" + report.line();
    }

    /** An isolated master's loss: the writes it acknowledged (answered OK) while cut off, discarded when demoted. */
    private static String isolated(DrillReport report, Map<String, List<String>> missing, MinReplicas minReplicas,
            int tolerated) {
        String old = report.masters().before();
        boolean demoted = report.masters().changed();
        String cause = demoted ? "; the cause: " + old + " accepted writes while it was isolated from its replicas and"
                + " Sentinels, the Sentinels promoted " + report.masters().after() + ", and when the isolation ended "
                + old + " was demoted to its replica and resynced from it: the writes it had acknowledged were"
                + " discarded; " + minReplicas.prevention() : "";
        String first = missing.values().stream().flatMap(List::stream).distinct().limit(5).toList().toString();
        DrillReport.Subject subject = report.subject();
        return "Expecting the Redis HA stack in " + subject.location() + " to keep every write its master acknowledged"
                + " when " + Fault.ISOLATE.happened(subject.pod()) + " (" + subject.drill() + ")\nbut "
                + report.acknowledgedLost() + " of " + report.writes().acknowledgedByMaster()
                + " acknowledged writes were missing afterwards" + cause + " (missing on " + report.losses().missingOn()
                + "; first: " + first + ")" + (tolerated > 0 ? ", more than the " + tolerated + " tolerated" : "")
                + "\n" + report.summary() + "\n" + report.line();
    }
}
