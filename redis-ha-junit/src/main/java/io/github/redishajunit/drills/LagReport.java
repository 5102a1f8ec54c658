package io.github.redishajunit.drills;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.apiguardian.api.API;

/**
 * What the lag drill measured: a sustained write load at a stated rate for a stated time, each replica's lag behind
 * the master sampled throughout, and whether {@code WAIT} kept up.
 *
 * @param location where, e.g. {@code namespace rha-x}
 * @param writesPerSecond the load's rate
 * @param duration how long the load ran
 * @param valueBytes the size of each value written
 * @param attempted writes sent
 * @param acknowledged writes the master answered OK
 * @param lost acknowledged writes missing from the master or a replica afterwards
 * @param replicas each replica's lag, by name
 * @param waitProbes {@code WAIT} probes sent during the load (a small write, then {@code WAIT} for every replica)
 * @param waitKeptUp probes that every replica acknowledged within {@link LagDrill#WAIT_PROBE_TIMEOUT}
 * @param caughtUp from the end of the load to every replica at the master's offset
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public record LagReport(String location, int writesPerSecond, Duration duration, int valueBytes, int attempted,
        int acknowledged, int lost, Map<String, ReplicaLag> replicas, int waitProbes, int waitKeptUp,
        Duration caughtUp) {

    public LagReport {
        replicas = Map.copyOf(replicas);
    }

    /**
     * One replica's lag behind the master over the drill's samples: in bytes of the replication stream (the master's
     * offset minus the replica's at the same moment) and in milliseconds (from the master reaching an offset to the
     * replica reaching it; to the sampling period's resolution).
     */
    public record ReplicaLag(long maxBytes, long p99Bytes, long maxMillis, long p99Millis) {

        String describe() {
            return "max " + maxBytes + " B / " + maxMillis + " ms, p99 " + p99Bytes + " B / " + p99Millis + " ms";
        }
    }

    /** The drill in the one-line form of the certification report, with the worst lag and the WAIT probes. */
    public String line() {
        long worstBytes = replicas.values().stream().mapToLong(ReplicaLag::maxBytes).max().orElse(0);
        long worstMillis = replicas.values().stream().mapToLong(ReplicaLag::maxMillis).max().orElse(0);
        return "drill lag: acknowledged writes lost: " + lost + ", split brain: 0.0 s, writes back after 0.0 s,"
                + " replicas re-linked after 0.0 s; lag max " + worstBytes + " B / " + worstMillis + " ms, WAIT kept up "
                + waitKeptUp + " of " + waitProbes;
    }

    /**
     * The drill in one line, e.g. {@code lag under load (1000 writes/s of 1024 B for 10.0 s): 10000 writes, 10000
     * acknowledged by the master, 0 lost; redis-slave-0 max 3072 B / 100 ms, p99 1024 B / 100 ms; ...; WAIT for every
     * replica within 100 ms: 50 of 50 probes; replicas caught up 0.1 s after the load}.
     */
    public String summary() {
        return "lag under load (" + writesPerSecond + " writes/s of " + valueBytes + " B for "
                + DrillReport.seconds(duration) + "): " + attempted + " writes, " + acknowledged + " acknowledged by"
                + " the master, " + lost + " lost; " + replicas.entrySet().stream().sorted(Map.Entry.comparingByKey())
                        .map(e -> e.getKey() + " " + e.getValue().describe()).collect(Collectors.joining("; "))
                + "; WAIT for every replica within " + LagDrill.WAIT_PROBE_TIMEOUT.toMillis() + " ms: " + waitKeptUp
                + " of " + waitProbes + " probes; replicas caught up " + DrillReport.seconds(caughtUp)
                + " after the load";
    }

    /**
     * The drill's figures under stable names, for the machine-readable report: {@code name} ({@code lag}), {@code
     * writesPerSecond}, {@code durationMs}, {@code valueBytes}, {@code writesAttempted}, {@code acknowledgedByMaster},
     * {@code acknowledgedLost}, {@code waitProbes}, {@code waitKeptUp}, {@code caughtUpMs}, and for each replica
     * {@code replica:NAME:maxBytes}, {@code :p99Bytes}, {@code :maxMs}, {@code :p99Ms}.
     */
    public Map<String, String> figures() {
        Map<String, String> figures = new LinkedHashMap<>();
        figures.put("name", "lag");
        figures.put("writesPerSecond", String.valueOf(writesPerSecond));
        figures.put("durationMs", String.valueOf(duration.toMillis()));
        figures.put("valueBytes", String.valueOf(valueBytes));
        figures.put("writesAttempted", String.valueOf(attempted));
        figures.put("acknowledgedByMaster", String.valueOf(acknowledged));
        figures.put("acknowledgedLost", String.valueOf(lost));
        figures.put("waitProbes", String.valueOf(waitProbes));
        figures.put("waitKeptUp", String.valueOf(waitKeptUp));
        figures.put("caughtUpMs", String.valueOf(caughtUp.toMillis()));
        replicas.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            String prefix = "replica:" + e.getKey() + ":";
            figures.put(prefix + "maxBytes", String.valueOf(e.getValue().maxBytes()));
            figures.put(prefix + "p99Bytes", String.valueOf(e.getValue().p99Bytes()));
            figures.put(prefix + "maxMs", String.valueOf(e.getValue().maxMillis()));
            figures.put(prefix + "p99Ms", String.valueOf(e.getValue().p99Millis()));
        });
        return figures;
    }

    @Override
    public String toString() {
        return summary();
    }
}
