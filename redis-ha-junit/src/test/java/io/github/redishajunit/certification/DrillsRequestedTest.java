package io.github.redishajunit.certification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/** A {@link Drill} step runs only when {@code redis.ha.drills} asks for its drill (fixtures run by EngineTestKit). */
class DrillsRequestedTest {

    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class Steps {

        @Test
        @Order(1)
        void readOnly() {}

        @Test
        @Order(2)
        @Drill(DrillSelection.POD_DELETE)
        void podDelete() {}

        @Test
        @Order(3)
        @Drill(DrillSelection.FORCE_DELETE)
        void forceDelete() {}

        @Test
        @Order(4)
        @Drill(DrillSelection.RESTART_IN_PLACE)
        void restartInPlace() {}
    }

    @Test
    void unsetOrFalseRunsNoDrill() {
        assertThat(outcomes(null)).containsExactly(Map.entry("readOnly", "ran"), Map.entry("podDelete",
                "skipped: drills not requested (set redis.ha.drills=true, or scripts/certify --drills, to delete pods"
                        + " under load; or name the drills, e.g. redis.ha.drills=all)"),
                Map.entry("forceDelete", "skipped: drills not requested (set redis.ha.drills=true, or scripts/certify"
                        + " --drills, to delete pods under load; or name the drills, e.g. redis.ha.drills=all)"),
                Map.entry("restartInPlace", "skipped: drills not requested (set redis.ha.drills=true, or"
                        + " scripts/certify --drills, to delete pods under load; or name the drills, e.g."
                        + " redis.ha.drills=all)"));
        assertThat(statuses("false")).containsExactly("ran", "skipped", "skipped", "skipped");
    }

    @Test
    void trueRunsThePodDeleteDrillsOnly() {
        assertThat(outcomes("true")).containsExactly(Map.entry("readOnly", "ran"), Map.entry("podDelete", "ran"),
                Map.entry("forceDelete", "skipped: drill force-delete not requested (redis.ha.drills = true asks for"
                        + " pod-delete; add force-delete to the list, or scripts/certify --drills"
                        + " pod-delete,force-delete, to run it)"),
                Map.entry("restartInPlace", "skipped: drill restart-in-place not requested (redis.ha.drills = true"
                        + " asks for pod-delete; add restart-in-place to the list, or scripts/certify --drills"
                        + " pod-delete,restart-in-place, to run it)"));
    }

    @Test
    void aListRunsTheDrillsItNames() {
        assertThat(statuses("force-delete,restart-in-place")).containsExactly("ran", "skipped", "ran", "ran");
        assertThat(statuses("restart-in-place")).containsExactly("ran", "skipped", "skipped", "ran");
        assertThat(statuses("all")).containsExactly("ran", "ran", "ran", "ran");
    }

    @Test
    void anUnknownDrillFailsTheDrillStepsNamingTheValueAndTheFix() {
        Events failed = run("pod-delet").failed();

        assertThat(failed.count()).as("each drill step fails, the read-only one runs").isEqualTo(3);
        Throwable failure = failed.list().get(0).getPayload(TestExecutionResult.class).orElseThrow().getThrowable()
                .orElseThrow();
        // JUnit wraps what a condition throws, naming the condition
        assertThat(failure.getCause()).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("@RedisHACluster configuration parameter redis.ha.drills = \"pod-delet\" is invalid:"
                        + " unknown drill pod-delet (known: pod-delete, force-delete, restart-in-place, hung-master,"
                        + " cold-start, isolate-master, lag, sentinel-quorum, node-loss, all) (fix: true for the default drills, false for none, or drill names"
                        + " separated by commas, e.g. force-delete,restart-in-place)");
    }

    /** Each fixture step's method name and {@code ran}, or {@code skipped: <reason>}, in order. */
    private static Map<String, String> outcomes(String drills) {
        Map<String, String> outcomes = new LinkedHashMap<>();
        run(drills).list().forEach(event -> {
            String step = event.getTestDescriptor().getLegacyReportingName().replace("()", "");
            switch (event.getType()) {
                case SKIPPED -> outcomes.put(step, "skipped: " + event.getPayload(String.class).orElse(""));
                case FINISHED -> outcomes.put(step, event.getPayload(TestExecutionResult.class).orElseThrow()
                        .getStatus() == TestExecutionResult.Status.SUCCESSFUL ? "ran" : "failed");
                default -> { }
            }
        });
        return outcomes;
    }

    /** Each fixture step's {@code ran} or {@code skipped}, in order. */
    private static List<String> statuses(String drills) {
        return outcomes(drills).values().stream().map(outcome -> outcome.replaceFirst(":.*", "")).toList();
    }

    private static Events run(String drills) {
        EngineTestKit.Builder kit = EngineTestKit.engine("junit-jupiter").selectors(selectClass(Steps.class));
        if (drills != null) {
            kit.configurationParameter("redis.ha.drills", drills);
        }
        return kit.execute().testEvents();
    }

}
