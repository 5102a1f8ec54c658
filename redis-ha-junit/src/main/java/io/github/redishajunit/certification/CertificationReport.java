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
    private final Map<String, Long> startedNanos = new HashMap<>();
    private int passed;
    private int failed;
    private ExtensionConfigurationException misconfiguration;

    CertificationReport(PrintStream out) {
        this.out = out;
    }

    @Override
    public void reportingEntryPublished(TestIdentifier test, ReportEntry entry) {
        String value = entry.getKeyValuePairs().get(RedisHACertification.OBSERVED);
        if (value != null) {
            observed.computeIfAbsent(test.getUniqueId(), id -> new ArrayList<>()).add(value);
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
                out.printf("PASS %s (%s)%n", test.getDisplayName(), elapsed(test));
                observed.getOrDefault(test.getUniqueId(), List.of()).forEach(line -> out.printf("     %s%n", line));
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

    /** The closing line, in the plain form CI readers understand. */
    void printSummary() {
        out.printf("certification: %d passed, %d failed%n", passed, failed);
    }

    boolean certified() {
        return failed == 0 && passed > 0;
    }
}
