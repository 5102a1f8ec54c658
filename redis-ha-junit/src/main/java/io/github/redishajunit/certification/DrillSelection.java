package io.github.redishajunit.certification;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which drills of {@link RedisHACertification} a run asks for, by name: {@code --drills LIST} and the configuration
 * parameter {@code redis.ha.drills} ({@code true}: the default set, {@code false}: none, or a comma-separated list).
 *
 * @param drills the drills asked for, in the order of {@link #DRILLS}
 */
record DrillSelection(List<String> drills) {

    /** The master's pod and then a replica's deleted under write load (steps 7 and 8). */
    static final String POD_DELETE = "pod-delete";

    /** The master's pod deleted with grace period 0 under write load (step 9). */
    static final String FORCE_DELETE = "force-delete";

    /** The master's server restarted in its pod ({@code SHUTDOWN NOSAVE}) under write load (step 10). */
    static final String RESTART_IN_PLACE = "restart-in-place";

    /** The master's server hung ({@code CLIENT PAUSE ALL} for 10 s) under write load (step 11). */
    static final String HUNG_MASTER = "hung-master";

    /** Every pod of the stack deleted at once (a cold start) under write load (step 12). */
    static final String COLD_START = "cold-start";

    /** The master cut off from its replicas and Sentinels for a while under write load, then healed (step 13). */
    static final String ISOLATE_MASTER = "isolate-master";

    /** A sustained write load (1000 writes/s of 1 KiB for 10 s), each replica's lag sampled (step 14). */
    static final String LAG = "lag";

    /** A majority of the Sentinels gone for a while under write load: no failover, CKQUORUM refused (step 15). */
    static final String SENTINEL_QUORUM = "sentinel-quorum";

    /** The master's node cordoned and lost under write load, then given back (step 15b). */
    static final String NODE_LOSS = "node-loss";

    /** Every drill this build supports. */
    static final String ALL = "all";

    /** Not a drill: what a step that follows the drills ({@code @Drill(AFTER_ANY)}) runs after, any of them. */
    static final String AFTER_ANY = "after-any";

    /** Every drill this build supports, in the order of their steps. */
    static final List<String> DRILLS = List.of(POD_DELETE, FORCE_DELETE, RESTART_IN_PLACE, HUNG_MASTER,
            COLD_START, ISOLATE_MASTER, LAG, SENTINEL_QUORUM, NODE_LOSS);

    /** What {@code --drills} alone and {@code redis.ha.drills=true} ask for. */
    static final DrillSelection DEFAULT = new DrillSelection(List.of(POD_DELETE));

    /** No drill: nothing in the stack is disturbed. */
    static final DrillSelection NONE = new DrillSelection(List.of());

    DrillSelection {
        drills = List.copyOf(drills);
    }

    /**
     * The configuration parameter's value: {@code true} (the default set), {@code false} or blank (none), or a list
     * for {@link #ofList(String)}.
     *
     * @throws IllegalArgumentException naming what is wrong with the list
     */
    static DrillSelection ofParameter(String value) {
        String trimmed = value == null ? "" : value.trim();
        if (trimmed.equalsIgnoreCase("true")) {
            return DEFAULT;
        }
        if (trimmed.isEmpty() || trimmed.equalsIgnoreCase("false")) {
            return NONE;
        }
        return ofList(trimmed);
    }

    /**
     * Comma-separated drill names (any case, blanks around them ignored), {@value #ALL} for every one.
     *
     * @throws IllegalArgumentException naming the unknown or empty name and the known ones
     */
    static DrillSelection ofList(String list) {
        Set<String> asked = new LinkedHashSet<>();
        for (String item : list.split(",", -1)) {
            String name = item.trim().toLowerCase(Locale.ROOT);
            if (name.isEmpty()) {
                throw new IllegalArgumentException("an empty drill name (known: " + known() + ")");
            }
            if (name.equals(ALL)) {
                asked.addAll(DRILLS);
            } else if (DRILLS.contains(name)) {
                asked.add(name);
            } else {
                throw new IllegalArgumentException("unknown drill " + item.trim() + " (known: " + known() + ")");
            }
        }
        List<String> ordered = new ArrayList<>(DRILLS);
        ordered.retainAll(asked);
        return new DrillSelection(ordered);
    }

    /** {@code pod-delete, force-delete, restart-in-place, hung-master, cold-start, all}. */
    static String known() {
        return String.join(", ", DRILLS) + ", " + ALL;
    }

    /** Whether {@code drill} is asked for; {@link #AFTER_ANY} is whenever any drill is. */
    boolean includes(String drill) {
        return drill.equals(AFTER_ANY) ? !drills.isEmpty() : drills.contains(drill);
    }

    boolean isEmpty() {
        return drills.isEmpty();
    }

    /** The list as {@link #ofList(String)} reads it: {@code force-delete,restart-in-place}; empty for none. */
    String asList() {
        return String.join(",", drills);
    }
}
