package io.github.redishajunit.certification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

/** The drill names of {@code --drills LIST} and {@code redis.ha.drills}. */
class DrillSelectionTest {

    @Test
    void trueIsTheDefaultSetFalseAndBlankAreNone() {
        assertThat(DrillSelection.ofParameter("true").drills()).containsExactly("pod-delete");
        assertThat(DrillSelection.ofParameter(" TRUE ")).isEqualTo(DrillSelection.DEFAULT);
        assertThat(DrillSelection.ofParameter("false").isEmpty()).isTrue();
        assertThat(DrillSelection.ofParameter("").isEmpty()).isTrue();
        assertThat(DrillSelection.ofParameter(null).isEmpty()).isTrue();
    }

    @Test
    void aListSelectsItsDrillsInStepOrder() {
        DrillSelection selection = DrillSelection.ofParameter("restart-in-place, Force-Delete");

        assertThat(selection.drills()).containsExactly("force-delete", "restart-in-place");
        assertThat(selection.includes("force-delete")).isTrue();
        assertThat(selection.includes("pod-delete")).isFalse();
        assertThat(selection.asList()).isEqualTo("force-delete,restart-in-place");
        assertThat(DrillSelection.ofList("pod-delete,pod-delete").drills()).containsExactly("pod-delete");
        assertThat(DrillSelection.ofList("Hung-Master,pod-delete").drills()).containsExactly("pod-delete",
                "hung-master");
    }

    @Test
    void allIsEveryDrillThisBuildSupports() {
        assertThat(DrillSelection.ofList("all").drills()).containsExactly("pod-delete", "force-delete",
                "restart-in-place", "hung-master", "cold-start", "isolate-master", "lag", "sentinel-quorum",
                "node-loss");
        assertThat(DrillSelection.ofList("force-delete,all").drills()).isEqualTo(DrillSelection.DRILLS);
    }

    @Test
    void anUnknownOrEmptyNameFailsNamingTheKnownOnes() {
        assertThatIllegalArgumentException().isThrownBy(() -> DrillSelection.ofList("pod-delet"))
                .withMessage("unknown drill pod-delet (known: pod-delete, force-delete, restart-in-place,"
                        + " hung-master, cold-start, isolate-master, lag, sentinel-quorum, node-loss, all)");
        assertThatIllegalArgumentException().isThrownBy(() -> DrillSelection.ofParameter("pod-delete,,all"))
                .withMessage("an empty drill name (known: pod-delete, force-delete, restart-in-place,"
                        + " hung-master, cold-start, isolate-master, lag, sentinel-quorum, node-loss, all)");
        assertThatIllegalArgumentException().isThrownBy(() -> DrillSelection.ofList("true"))
                .withMessage("unknown drill true (known: pod-delete, force-delete, restart-in-place,"
                        + " hung-master, cold-start, isolate-master, lag, sentinel-quorum, node-loss, all)");
        assertThatIllegalArgumentException().isThrownBy(() -> DrillSelection.ofList(""))
                .withMessageStartingWith("an empty drill name");
    }
}
