package io.github.redishajunit.certification;

import static io.github.redishajunit.certification.RedisHACertification.DRILL;
import static io.github.redishajunit.certification.RedisHACertification.DRILL_FIGURE;
import static io.github.redishajunit.certification.RedisHACertification.OBSERVED;
import static org.awaitility.Awaitility.await;

import io.github.redishajunit.HACluster;
import io.github.redishajunit.drills.DrillFailure;
import io.github.redishajunit.drills.DrillReport;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.TestReporter;

/** The drill steps' report entries: each drill's one-line result and figures, then its summary. */
final class DrillEntries {

    /**
     * How long an operator may take to move its role labels after the master drill's failover, which the drill has
     * already seen through; the Sentinels' DNS delay plays no part in the labels.
     */
    static final Duration ROLE_LABEL_BOUND = Duration.ofSeconds(30);

    private DrillEntries() {
    }

    /**
     * Runs a drill and publishes its one-line result, also when it lost writes (then rethrows); returns its summary.
     */
    static String drill(TestReporter report, Supplier<DrillReport> drill) {
        try {
            DrillReport result = drill.get();
            report.publishEntry(drillEntry(result.line(), result.figures()));
            return result.summary();
        } catch (DrillFailure failure) {
            report.publishEntry(drillEntry(failure.report().line(), failure.report().figures()));
            throw failure;
        }
    }

    /** Runs a drill on the master and publishes its summary, with the role labels once they follow the servers. */
    static void masterDrill(TestReporter report, HACluster cluster, Supplier<DrillReport> drill) {
        String summary = drill(report, drill);
        // an operator moves its role labels after a failover: give it the time to do so
        AtomicReference<String> labels = new AtomicReference<>("");
        await("the role labels of the pods in " + cluster.location() + " to follow the servers")
                .atMost(ROLE_LABEL_BOUND).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> labels.set(RoleLabelCheck.run(cluster)));
        report.publishEntry(OBSERVED, labels.get().isEmpty() ? summary : summary + "; " + labels.get());
    }

    /** A drill's report entry: its one-line result under {@value RedisHACertification#DRILL}, each figure under
     * {@code drill.NAME}. */
    static Map<String, String> drillEntry(String line, Map<String, String> figures) {
        Map<String, String> entry = new LinkedHashMap<>();
        entry.put(DRILL, line);
        figures.forEach((name, value) -> entry.put(DRILL_FIGURE + name, value));
        return entry;
    }
}
