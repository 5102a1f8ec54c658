package io.github.redishajunit.drills;

import io.github.redishajunit.RedisNode;
import io.lettuce.core.RedisException;
import java.util.Map;
import java.util.Optional;

/**
 * The master's {@code min-replicas-to-write} and {@code min-replicas-max-lag} before a drill: whether it refuses
 * writes once too few replicas acknowledge them, the setting that keeps an isolated master from accepting writes that
 * a failover then discards. Empty when the server does not say ({@code CONFIG} refused).
 */
record MinReplicas(Optional<Integer> toWrite, Optional<Integer> maxLag) {

    static MinReplicas of(RedisNode master) {
        try {
            Map<String, String> config = master.connection().sync().configGet("min-replicas-*");
            return new MinReplicas(number(config.get("min-replicas-to-write")),
                    number(config.get("min-replicas-max-lag")));
        } catch (RedisException | IllegalStateException refused) {
            return new MinReplicas(Optional.empty(), Optional.empty());
        }
    }

    private static Optional<Integer> number(String value) {
        return value != null && value.matches("\\d+") ? Optional.of(Integer.parseInt(value)) : Optional.empty();
    }

    /**
     * Why an isolated master's writes were not refused, and the setting that would have refused them: {@code
     * min-replicas-to-write 1} with {@code min-replicas-max-lag 10}, or a lower {@code min-replicas-max-lag}.
     */
    String prevention() {
        if (toWrite.isEmpty()) {
            return "`min-replicas-to-write 1` with `min-replicas-max-lag 10` would have refused them (the master's"
                    + " CONFIG did not say what it has)";
        }
        if (toWrite.get() == 0) {
            return "the master has min-replicas-to-write 0: `min-replicas-to-write 1` with `min-replicas-max-lag 10`"
                    + " would have refused them (a master refuses writes once no replica acknowledged for that many"
                    + " seconds)";
        }
        return "the master has min-replicas-to-write " + toWrite.get() + " but min-replicas-max-lag "
                + maxLag.map(Object::toString).orElse("?") + " let it accept writes that long after its replicas"
                + " stopped acknowledging: a lower `min-replicas-max-lag` would have refused more of them";
    }
}
