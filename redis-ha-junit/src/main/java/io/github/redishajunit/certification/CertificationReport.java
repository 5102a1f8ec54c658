package io.github.redishajunit.certification;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * Collects the certification as it runs into a {@link CertificationResult}, and prints it meanwhile: a line per step
 * with PASS, WARN, FAIL or N/A and what it observed (or, on failure, the assertion's message), then the drills' lines
 * and a closing line with the counts.
 */
final class CertificationReport implements TestExecutionListener {

    private final PrintStream out;
    private final String target;
    private final Map<String, List<String>> observed = new HashMap<>();
    private final Map<String, List<String>> warnings = new HashMap<>();
    private final Map<String, Map<String, String>> figures = new HashMap<>();
    private final Map<String, Map<String, String>> drillFigures = new HashMap<>();
    private final Map<String, Long> startedNanos = new HashMap<>();
    private final Map<String, String> stack = new LinkedHashMap<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final List<String> drills = new ArrayList<>();
    private final List<StepResult> steps = new ArrayList<>();
    private String found = "";
    private ExtensionConfigurationException misconfiguration;
    private String forbidden;

    CertificationReport(PrintStream out, String target) {
        this.out = out;
        this.target = target;
    }

    @Override
    public void reportingEntryPublished(TestIdentifier test, ReportEntry entry) {
        String id = test.getUniqueId();
        entry.getKeyValuePairs().forEach((key, value) -> {
            if (key.equals(RedisHACertification.FOUND)) {
                found = value;
                out.printf("%s%n", value);
            } else if (key.equals(RedisHACertification.OBSERVED)) {
                observed.computeIfAbsent(id, k -> new ArrayList<>()).add(value);
            } else if (key.equals(RedisHACertification.WARNING)) {
                warnings.computeIfAbsent(id, k -> new ArrayList<>()).add(value);
            } else if (key.equals(RedisHACertification.DRILL)) {
                drills.add(value);
            } else if (key.startsWith(RedisHACertification.DRILL_FIGURE)) {
                drillFigures.computeIfAbsent(id, k -> new LinkedHashMap<>())
                        .put(key.substring(RedisHACertification.DRILL_FIGURE.length()), value);
            } else if (key.startsWith(RedisHACertification.FIGURE)) {
                figures.computeIfAbsent(id, k -> new LinkedHashMap<>())
                        .put(key.substring(RedisHACertification.FIGURE.length()), value);
            } else if (key.startsWith(StackFacts.STACK)) {
                stack.put(key.substring(StackFacts.STACK.length()), value);
            } else if (key.startsWith(StackFacts.ENVIRONMENT)) {
                environment.put(key.substring(StackFacts.ENVIRONMENT.length()), value);
            }
        });
    }

    @Override
    public void executionStarted(TestIdentifier test) {
        startedNanos.put(test.getUniqueId(), System.nanoTime());
    }

    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
        if (test.isTest()) {
            add(test, StepResult.Status.SKIPPED, Optional.of(reason), List.of());
        }
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        Optional<String> message = result.getThrowable()
                .map(error -> error.getMessage() == null ? error.toString() : error.getMessage().strip());
        // the extension attaches the cluster's evidence (pods, events, logs, INFO) as suppressed: say where it is
        List<String> evidence = result.getThrowable().stream().flatMap(error -> List.of(error.getSuppressed()).stream())
                // its first line, which introduces the rest (kept in the file it names) with a colon of its own
                .map(e -> e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("")
                        .replaceFirst(":$", ""))
                .toList();
        if (test.isTest()) {
            StepResult.Status status = switch (result.getStatus()) {
                case SUCCESSFUL -> warnings.containsKey(test.getUniqueId()) ? StepResult.Status.WARN
                        : StepResult.Status.PASS;
                // a step that does not apply to this stack (no Sentinels, no external endpoint): neither passed nor failed
                case ABORTED -> StepResult.Status.NOT_APPLICABLE;
                case FAILED -> StepResult.Status.FAIL;
            };
            add(test, status, status == StepResult.Status.NOT_APPLICABLE
                    ? message.map(reason -> reason.replaceFirst("^Assumption failed: ", "")) : message, evidence,
                    result.getThrowable());
        } else if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
            // the stack could not be attached to or provisioned: no step ran
            add(test, StepResult.Status.FAIL, message, evidence, result.getThrowable());
            result.getThrowable().flatMap(CertificationReport::configurationError)
                    .ifPresent(error -> misconfiguration = error);
        }
    }

    private void add(TestIdentifier test, StepResult.Status status, Optional<String> message, List<String> evidence,
            Optional<Throwable> error) {
        if (forbidden == null) {
            error.flatMap(CertificationReport::refusal).ifPresent(refusal -> forbidden = refusal);
        }
        add(test, status, message, evidence);
    }

    private void add(TestIdentifier test, StepResult.Status status, Optional<String> message, List<String> evidence) {
        String id = test.getUniqueId();
        Long started = startedNanos.get(id);
        long millis = started == null ? 0 : Math.round((System.nanoTime() - started) / 1e6);
        StepResult step = StepResult.of(test.getDisplayName(), status, millis, observed.getOrDefault(id, List.of()),
                warnings.getOrDefault(id, List.of()), status == StepResult.Status.PASS ? Optional.empty() : message,
                evidence, figures.getOrDefault(id, Map.of()), drillFigures.getOrDefault(id, Map.of()));
        steps.add(step);
        print(step, test.isTest());
    }

    private void print(StepResult step, boolean isStep) {
        String name = step.id().isEmpty() ? step.name() : step.id() + ". " + step.name();
        String label = step.status().label();
        switch (step.status()) {
            case PASS, WARN -> {
                out.printf("%s %s (%d ms)%n", label, name, step.durationMs());
                step.warnings().forEach(line -> out.printf("     warning: %s%n", line));
                step.details().forEach(line -> out.printf("     %s%n", line));
            }
            case NOT_APPLICABLE -> out.printf("N/A  %s%n", name);
            case SKIPPED -> out.printf("SKIP %s%n", name);
            case FAIL -> out.printf(isStep ? "FAIL %s (%d ms)%n" : "FAIL %s (no step could run)%n", name,
                    step.durationMs());
        }
        if (step.status() != StepResult.Status.PASS && step.status() != StepResult.Status.WARN) {
            step.failure().ifPresent(message -> message.lines().forEach(line -> out.printf("     %s%n", line)));
            step.evidence().forEach(line -> out.printf("     evidence: %s%n", line));
        }
    }

    /** The extension's configuration error (possibly the cause of a parameter resolution error), if it is one. */
    private static Optional<ExtensionConfigurationException> configurationError(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ExtensionConfigurationException configuration) {
                return Optional.of(configuration);
            }
        }
        return Optional.empty();
    }

    /**
     * What the Kubernetes API refused (403) to the account certifying, e.g. {@code pods "x" is forbidden: User
     * "system:serviceaccount:ns:sa" cannot get resource "pods/log" ...}: its permissions, not the stack, are wrong.
     */
    private static Optional<String> refusal(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof KubernetesClientException api && api.getCode() == 403) {
                String message = api.getStatus() != null && api.getStatus().getMessage() != null
                        ? api.getStatus().getMessage() : api.getMessage();
                return Optional.of(message.lines().findFirst().orElse(message));
            }
        }
        return Optional.empty();
    }

    /** The first request the Kubernetes API refused (403), if any: a missing permission. */
    Optional<String> forbidden() {
        return Optional.ofNullable(forbidden);
    }

    /** Why no step could run when the configuration was rejected (bad usage rather than a failed certification). */
    Optional<ExtensionConfigurationException> misconfiguration() {
        return Optional.ofNullable(misconfiguration);
    }

    /** The run so far as one value. */
    CertificationResult result() {
        return new CertificationResult(target, found, stack, environment, steps, drills);
    }

    /** The closing lines: one per drill that ran, then the counts, in the plain form CI readers understand. */
    void printSummary() {
        CertificationResult result = result();
        drills.forEach(line -> out.printf("%s%n", line));
        long warned = result.count(StepResult.Status.WARN);
        if (warned > 0) {
            out.printf("warnings: %d step%s passed with a warning (--strict fails them)%n", warned, warned == 1 ? "" : "s");
        }
        long passed = result.count(StepResult.Status.PASS) + warned;
        long failed = result.count(StepResult.Status.FAIL) + result.count(StepResult.Status.SKIPPED);
        long notApplicable = result.count(StepResult.Status.NOT_APPLICABLE);
        out.printf(notApplicable == 0 ? "certification: %d passed, %d failed%n" : "certification: %d passed, %d failed, %d skipped%n",
                passed, failed, notApplicable);
    }

    boolean certified() {
        return result().certified();
    }
}
