package io.github.redishajunit.drills;

import io.github.redishajunit.RedisNode;
import java.util.Map;

/**
 * A master's full and partial resynchronizations ({@code INFO stats} {@code sync_full}, {@code sync_partial_ok}) and
 * the process they count for ({@code run_id}): the counters start again with every server start.
 */
record ResyncCounters(String runId, long full, long partial) {

    static ResyncCounters of(RedisNode master) {
        Map<String, String> stats = master.infoFields("stats");
        String runId = master.infoFields("server").getOrDefault("run_id", "?");
        return new ResyncCounters(runId, number(stats, "sync_full"), number(stats, "sync_partial_ok"));
    }

    /** What happened since {@code before}: the difference on the same process, everything on a new one. */
    ResyncCounters since(ResyncCounters before) {
        return runId.equals(before.runId)
                ? new ResyncCounters(runId, full - before.full, partial - before.partial)
                : this;
    }

    /** {@code 2 full, 0 partial}. */
    String describe() {
        return full + " full, " + partial + " partial";
    }

    private static long number(Map<String, String> fields, String name) {
        try {
            return Long.parseLong(fields.getOrDefault(name, "0").trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
