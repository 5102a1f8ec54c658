package io.github.redishajunit.certification;

import io.github.redishajunit.RedisHACluster;
import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Optional;
import org.apiguardian.api.API;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestTag;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Writes the certification's {@code --json} and {@code --html} renderings from any JUnit Platform run (Maven, Gradle,
 * an IDE) when {@value RedisHACluster#REPORT_JSON_KEY} or {@value RedisHACluster#REPORT_HTML_KEY} names a file:
 * registered through {@code META-INF/services}, it collects the events of {@link RedisHACertification} and its
 * subclasses only, and does nothing when neither parameter is set.
 */
@API(status = API.Status.INTERNAL, since = "0.1.0")
public final class ReportFiles implements TestExecutionListener {

    private Optional<Path> json = Optional.empty();
    private Optional<Path> html = Optional.empty();
    private CertificationReport report;

    @Override
    public void testPlanExecutionStarted(TestPlan plan) {
        json = plan.getConfigurationParameters().get(RedisHACluster.REPORT_JSON_KEY).filter(v -> !v.isBlank())
                .map(Path::of);
        html = plan.getConfigurationParameters().get(RedisHACluster.REPORT_HTML_KEY).filter(v -> !v.isBlank())
                .map(Path::of);
        String target = plan.getConfigurationParameters().get(RedisHACluster.NAMESPACE_KEY)
                .filter(ns -> !plan.getConfigurationParameters().getBoolean(RedisHACluster.PROVISION_KEY).orElse(true))
                .map(ns -> "in namespace " + ns).orElse("provisioned from the manifest");
        report = json.isPresent() || html.isPresent()
                ? new CertificationReport(new PrintStream(OutputStream.nullOutputStream()), target) : null;
    }

    @Override
    public void executionStarted(TestIdentifier test) {
        if (certification(test)) {
            report.executionStarted(test);
        }
    }

    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
        // a drill step not asked for is not part of this certification (scripts/certify leaves it out altogether)
        if (certification(test) && !test.getTags().contains(TestTag.create(DrillsRequested.TAG))) {
            report.executionSkipped(test, reason);
        }
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (certification(test)) {
            report.executionFinished(test, result);
        }
    }

    @Override
    public void reportingEntryPublished(TestIdentifier test, ReportEntry entry) {
        if (certification(test)) {
            report.reportingEntryPublished(test, entry);
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan plan) {
        if (report == null || report.result().steps().isEmpty()) {
            return;
        }
        CertificationResult result = report.result();
        json.ifPresent(file -> JsonReport.write(result, file));
        html.ifPresent(file -> HtmlReport.write(result, file));
    }

    /** Whether {@code test} is a step, or the class, of the certification suite (or a subclass). */
    private boolean certification(TestIdentifier test) {
        if (report == null) {
            return false;
        }
        return test.getSource().map(source -> source instanceof MethodSource method ? method.getJavaClass()
                : source instanceof ClassSource type ? type.getJavaClass() : Object.class)
                .filter(RedisHACertification.class::isAssignableFrom).isPresent();
    }
}
