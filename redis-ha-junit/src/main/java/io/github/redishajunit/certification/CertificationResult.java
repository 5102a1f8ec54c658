package io.github.redishajunit.certification;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * A certification run as one value, which the console report, {@code --json} and {@code --html} render: what was
 * certified and found, every step as it ended, and the counts.
 *
 * @param target what was certified, e.g. {@code in namespace redis}
 * @param found the discovery's line (pods, Sentinels, where the password came from, never the password)
 * @param stack the stack's facts by pod and Sentinel ({@code pod:NAME:role}, {@code pod:NAME:image}, ...)
 * @param environment the environment's facts ({@code kubernetesVersion}, {@code nodes}, {@code storageClasses},
 *     {@code libraryVersion})
 * @param steps every step run, in order
 * @param drills each drill's one-line result, in order
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public record CertificationResult(String target, String found, Map<String, String> stack,
        Map<String, String> environment, List<StepResult> steps, List<String> drills) {

    public CertificationResult {
        stack = Collections.unmodifiableMap(new LinkedHashMap<>(stack));
        environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));
        steps = List.copyOf(steps);
        drills = List.copyOf(drills);
    }

    /** How many steps ended with {@code status}. */
    public long count(StepResult.Status status) {
        return steps.stream().filter(step -> step.status() == status).count();
    }

    /** Certified: some step passed (or warned) and none failed or was skipped. */
    public boolean certified() {
        return count(StepResult.Status.FAIL) + count(StepResult.Status.SKIPPED) == 0
                && count(StepResult.Status.PASS) + count(StepResult.Status.WARN) > 0;
    }
}
