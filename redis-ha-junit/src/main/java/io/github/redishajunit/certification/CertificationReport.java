package io.github.redishajunit.certification;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * Prints the certification as it runs: a line per step with PASS or FAIL and what it observed (or, on failure,
 * the assertion's message), then a closing line with the counts.
 */
final class CertificationReport implements TestExecutionListener {

    private final PrintStream out;
    private final Map<String, List<String>> observed = new LinkedHashMap<>();
    private final Map<String, List<String>> warnings = new LinkedHashMap<>();
    private final List<String> drills = new ArrayList<>();
    private final Map<String, Long> startedNanos = new HashMap<>();
    private int passed;
    private int failed;
    private int notApplicable;
    private int warned;
    private ExtensionConfigurationException misconfiguration;

    CertificationReport(PrintStream out) {
        this.out = out;
    }

    @Override
    public void reportingEntryPublished(TestIdentifier test, ReportEntry entry) {
        Map<String, String> pairs = entry.getKeyValuePairs();
        if (pairs.containsKey(RedisHACertification.FOUND)) {
            out.printf("%s%n", pairs.get(RedisHACertification.FOUND));
        }
        if (pairs.containsKey(RedisHACertification.OBSERVED)) {
            observed.computeIfAbsent(test.getUniqueId(), id -> new ArrayList<>()).add(pairs.get(RedisHACertification.OBSERVED));
        }
        if (pairs.containsKey(RedisHACertification.DRILL)) {
            drills.add(pairs.get(RedisHACertification.DRILL));
        }
        if (pairs.containsKey(RedisHACertification.WARNING)) {
            warnings.computeIfAbsent(test.getUniqueId(), id -> new ArrayList<>()).add(pairs.get(RedisHACertification.WARNING));
        }
    }

    @Override
    public void executionStarted(TestIdentifier test) {
        startedNanos.put(test.getUniqueId(), System.nanoTime());
    }

    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
        if (test.isTest()) {
            failed++;
            out.printf("SKIP %s%n     %s%n", test.getDisplayName(), reason);
        }
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (test.isTest()) {
            if (result.getStatus() == TestExecutionResult.Status.SUCCESSFUL) {
                passed++;
                List<String> warned = warnings.getOrDefault(test.getUniqueId(), List.of());
                this.warned += warned.isEmpty() ? 0 : 1;
                out.printf("%s %s (%s)%n", warned.isEmpty() ? "PASS" : "WARN", test.getDisplayName(), elapsed(test));
                warned.forEach(line -> out.printf("     warning: %s%n", line));
                observed.getOrDefault(test.getUniqueId(), List.of()).forEach(line -> out.printf("     %s%n", line));
            } else if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
                // a step that does not apply to this stack (no Sentinels, no external endpoint): neither passed nor failed
                notApplicable++;
                out.printf("N/A  %s%n", test.getDisplayName());
                result.getThrowable().map(Throwable::getMessage)
                        .ifPresent(reason -> out.printf("     %s%n", reason.replaceFirst("^Assumption failed: ", "")));
            } else {
                failed++;
                out.printf("FAIL %s (%s)%n", test.getDisplayName(), elapsed(test));
                printCause(result);
            }
        } else if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
            // the stack could not be attached to or provisioned: no step ran
            failed++;
            out.printf("FAIL %s (no step could run)%n", test.getDisplayName());
            printCause(result);
            result.getThrowable().flatMap(CertificationReport::configurationError)
                    .ifPresent(error -> misconfiguration = error);
        }
    }

    private String elapsed(TestIdentifier test) {
        Long started = startedNanos.get(test.getUniqueId());
        return started == null ? "?" : String.format(Locale.ROOT, "%.0f ms", (System.nanoTime() - started) / 1e6);
    }

    private void printCause(TestExecutionResult result) {
        result.getThrowable().ifPresent(error -> {
            String message = error.getMessage() == null ? error.toString() : error.getMessage();
            message.strip().lines().forEach(line -> out.printf("     %s%n", line));
            // the extension attaches the cluster's evidence (pods, events, logs, INFO) as suppressed: say where it is
            for (Throwable evidence : error.getSuppressed()) {
                String summary = evidence.getMessage() == null ? evidence.toString()
                        : evidence.getMessage().lines().findFirst().orElse("");
                out.printf("     evidence: %s%n", summary);
            }
        });
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

    /** Why no step could run when the configuration was rejected (bad usage rather than a failed certification). */
    Optional<ExtensionConfigurationException> misconfiguration() {
        return Optional.ofNullable(misconfiguration);
    }

    /** The closing lines: one per drill that ran, then the counts, in the plain form CI readers understand. */
    void printSummary() {
        drills.forEach(line -> out.printf("%s%n", line));
        if (warned > 0) {
            out.printf("warnings: %d step%s passed with a warning (--strict fails them)%n", warned, warned == 1 ? "" : "s");
        }
        out.printf(notApplicable == 0 ? "certification: %d passed, %d failed%n" : "certification: %d passed, %d failed, %d skipped%n",
                passed, failed, notApplicable);
    }

    boolean certified() {
        return failed == 0 && passed > 0;
    }
}
