package io.github.redishajunit.certification;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * One step of a certification as it ended.
 *
 * @param id the step's number as the report shows it, e.g. {@code 1b}
 * @param name what the step checks, e.g. {@code Sentinel: every Sentinel names the master, with quorum}
 * @param status how it ended
 * @param durationMs how long it ran
 * @param details what it observed, one entry per observation
 * @param warnings why a passed step is a {@link Status#WARN}
 * @param failure the assertion's message of a failed step, or the reason a step did not apply
 * @param evidence where the evidence of a failed step was written (the first line of each evidence note)
 * @param figures what the step measured, by stable name ending in its unit (e.g. {@code replica:NAME:latencyUs})
 * @param drill the figures of a drill step, by stable name (e.g. {@code acknowledgedLost}); empty for other steps
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public record StepResult(String id, String name, Status status, long durationMs, List<String> details,
        List<String> warnings, Optional<String> failure, List<String> evidence, Map<String, String> figures,
        Map<String, String> drill) {

    /** How a step ended, as the console report prints it. */
    public enum Status {
        PASS("PASS"), WARN("WARN"), FAIL("FAIL"), NOT_APPLICABLE("N/A"), SKIPPED("SKIP");

        private final String label;

        Status(String label) {
            this.label = label;
        }

        /** {@code PASS}, {@code WARN}, {@code FAIL}, {@code N/A} or {@code SKIP}. */
        public String label() {
            return label;
        }
    }

    public StepResult {
        details = List.copyOf(details);
        warnings = List.copyOf(warnings);
        evidence = List.copyOf(evidence);
        figures = Collections.unmodifiableMap(new LinkedHashMap<>(figures));
        drill = Collections.unmodifiableMap(new LinkedHashMap<>(drill));
    }

    /** A step's display name split into its id and name: {@code 1b. Sentinel: ...} gives {@code 1b}. */
    static StepResult of(String displayName, Status status, long durationMs, List<String> details,
            List<String> warnings, Optional<String> failure, List<String> evidence, Map<String, String> figures,
            Map<String, String> drill) {
        int dot = displayName.indexOf(". ");
        boolean numbered = dot > 0 && displayName.substring(0, dot).matches("\\d+[a-z]?");
        return new StepResult(numbered ? displayName.substring(0, dot) : "", numbered ? displayName.substring(dot + 2)
                : displayName, status, durationMs, details, warnings, failure, evidence, figures, drill);
    }
}
