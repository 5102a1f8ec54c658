package io.github.redishajunit.certification;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Step 6b's verdicts: one node or zone for all is a failure naming the setting, two sharing a warning. */
class PlacementCheckTest {

    @Test
    void everyPodOnOneNodeOfSeveralFailsNamingTheMissingSetting() {
        PlacementCheck check = PlacementCheck.judge(pods("n1", "n1", "n1", false), nodes("n1", "", "n2", "", "n3", ""),
                Map.of("redis-master-0", ", volume pinned to node n1"));

        assertThat(check.verdict()).isEqualTo("FAIL");
        assertThat(check.reason()).isEqualTo("all 3 (redis-master-0, redis-slave-0, redis-slave-1) run on node n1:"
                + " losing that node loses the whole stack (the pods set neither podAntiAffinity nor"
                + " topologySpreadConstraints: add podAntiAffinity with topologyKey kubernetes.io/hostname, or"
                + " topologySpreadConstraints)");
        assertThat(check.observed()).startsWith("redis-master-0 on node n1, volume pinned to node n1; redis-slave-0 on"
                + " node n1");
    }

    @Test
    void aPreferredAntiAffinityThatPlacedThemTogetherIsNamedAsOnlyPreferred() {
        PlacementCheck check = PlacementCheck.judge(pods("n1", "n1", "n1", true), nodes("n1", "", "n2", ""), Map.of());

        assertThat(check.verdict()).isEqualTo("FAIL");
        assertThat(check.reason()).contains("their podAntiAffinity is only preferred");
    }

    @Test
    void podsPinnedToOneNodeByANodeSelectorAreNamedAsPinned() {
        Map<String, Pod> pods = pods("n1", "n1", "n1", true);
        pods.replaceAll((name, pod) -> new PodBuilder(pod).editSpec().addToNodeSelector("kubernetes.io/hostname", "n1")
                .endSpec().build());

        PlacementCheck check = PlacementCheck.judge(pods, nodes("n1", "", "n2", ""), Map.of());

        assertThat(check.verdict()).isEqualTo("FAIL");
        assertThat(check.reason()).endsWith("(their nodeSelector kubernetes.io/hostname=n1 pins them to that node:"
                + " remove it, and spread them with podAntiAffinity or topologySpreadConstraints)");
    }

    @Test
    void twoPodsOnOneNodeWarnAndThreeNodesPass() {
        assertThat(PlacementCheck.judge(pods("n1", "n1", "n2", false), nodes("n1", "", "n2", ""), Map.of()))
                .satisfies(check -> {
                    assertThat(check.verdict()).isEqualTo("WARN");
                    assertThat(check.reason()).startsWith("redis-master-0 and redis-slave-0 share node n1");
                });
        assertThat(PlacementCheck.judge(pods("n1", "n2", "n3", true), nodes("n1", "", "n2", "", "n3", ""), Map.of())
                .verdict()).isEqualTo("PASS");
    }

    @Test
    void oneZoneOfSeveralFailsAndASingleNodeClusterIsNotApplicable() {
        PlacementCheck zone = PlacementCheck.judge(pods("n1", "n2", "n3", true),
                nodes("n1", "a", "n2", "a", "n3", "a", "n4", "b"), Map.of());
        assertThat(zone.verdict()).isEqualTo("FAIL");
        assertThat(zone.reason()).startsWith("all 3 run in zone a of the cluster's 2");
        assertThat(zone.observed()).contains("redis-master-0 on node n1 (zone a)");

        PlacementCheck single = PlacementCheck.judge(pods("n1", "n1", "n1", false), nodes("n1", ""), Map.of());
        assertThat(single.verdict()).isEqualTo("N/A");
        assertThat(single.reason()).startsWith("not applicable: the cluster has one node (n1)");

        PlacementCheck unknown = PlacementCheck.judge(pods("n1", "n1", "n1", false), Optional.empty(), Map.of());
        assertThat(unknown.verdict()).isEqualTo("N/A");
        assertThat(unknown.reason()).contains("may not list nodes");
    }

    private static Map<String, Pod> pods(String master, String first, String second, boolean preferred) {
        Map<String, Pod> pods = new LinkedHashMap<>();
        pods.put("redis-master-0", pod(master, preferred));
        pods.put("redis-slave-0", pod(first, preferred));
        pods.put("redis-slave-1", pod(second, preferred));
        return pods;
    }

    private static Pod pod(String node, boolean preferred) {
        PodBuilder pod = new PodBuilder().withNewSpec().withNodeName(node).endSpec();
        if (preferred) {
            pod.editSpec().withNewAffinity().withNewPodAntiAffinity().addNewPreferredDuringSchedulingIgnoredDuringExecution()
                    .withWeight(100).withNewPodAffinityTerm().withTopologyKey("kubernetes.io/hostname").endPodAffinityTerm()
                    .endPreferredDuringSchedulingIgnoredDuringExecution().endPodAntiAffinity().endAffinity().endSpec();
        }
        return pod.build();
    }

    private static Optional<Map<String, String>> nodes(String... nameThenZone) {
        Map<String, String> zones = new LinkedHashMap<>();
        for (int i = 0; i < nameThenZone.length; i += 2) {
            zones.put(nameThenZone[i], nameThenZone[i + 1]);
        }
        return Optional.of(zones);
    }
}
