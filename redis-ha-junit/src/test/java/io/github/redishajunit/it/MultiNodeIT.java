package io.github.redishajunit.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * On a cluster of three or more nodes (scripts/test adds them to the local cluster with {@code scripts/local-cluster
 * up --nodes 3} and runs this test on its own, after the others): the default manifest certifies with its pods on
 * three nodes, and loses no acknowledged write when the master's node is lost ({@code --drills node-loss}, the node
 * taken away and given back by the command in {@code -Dredis.ha.test.node-outage-command}); the same manifest pinned
 * to one node fails the placement step, naming the setting that would have spread it.
 */
class MultiNodeIT {

    private static final String MANIFEST = "/io/github/redishajunit/manifests/redis-ha-cluster.yaml";

    @ClusterClient
    private static KubernetesClient client;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path reports;

    @BeforeAll
    static void threeNodesAreReady() {
        assertThat(client.nodes().list().getItems()).as("Ready nodes (on the local cluster: scripts/local-cluster up"
                + " --nodes 3)").filteredOn(MultiNodeIT::ready).hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void theDefaultManifestSpreadsOverThreeNodesAndKeepsEveryWriteWhenTheMastersNodeIsLost() throws Exception {
        String command = Optional.ofNullable(System.getProperty("redis.ha.test.node-outage-command"))
                .filter(c -> !c.isBlank()).orElseThrow(() -> new AssertionError("-Dredis.ha.test.node-outage-command"
                        + " is not set (scripts/test sets it to scripts/local-cluster node)"));
        Path json = reports.resolve("r.json");

        Fixtures.Run run = Fixtures.certify(reports, "--provision", "--drills", "node-loss", "--node-outage-command",
                command, "--json", json.toString());
        System.out.println(run.all());

        assertThat(run.exitCode()).as(run.all()).isZero();
        JsonNode report = JsonMapper.builder().build().readTree(Files.readString(json));
        List<String> nodes = new ArrayList<>();
        report.get("stack").get("pods").forEach(pod -> nodes.add(pod.get("node").asString()));
        assertThat(nodes).as("the nodes of the pods").hasSize(3).doesNotHaveDuplicates();
        assertThat(step(report, "6b").get("status").asString()).isEqualTo("PASS");
        JsonNode drill = step(report, "15b").get("drill");
        assertThat(drill.get("name").asString()).isEqualTo("node-loss");
        assertThat(drill.get("acknowledgedLost").asInt()).isZero();
        assertThat(drill.get("acknowledgedByWait").asInt()).isGreaterThan(1000);
        assertThat(drill.get("drill").asString()).startsWith("master node rha-node")
                .contains("NotReady", "stayed on it", "a StatefulSet pod on a lost node is not rescheduled until the"
                        + " node is deleted", "node Ready again");
        assertThat(step(report, "16").get("status").asString()).isEqualTo("PASS");
        assertThat(client.nodes().list().getItems()).as("every node Ready and schedulable again")
                .allMatch(MultiNodeIT::ready)
                .allMatch(node -> !Boolean.TRUE.equals(node.getSpec().getUnschedulable()));
    }

    @Test
    void theManifestPinnedToOneNodeFailsThePlacementStepNamingTheSetting() {
        String node = client.nodes().list().getItems().get(0).getMetadata().getName();
        String ns = Fixtures.deployResource(client, MANIFEST, "rha-pinned", item -> pinned(item, node));
        try {
            Fixtures.Run run = Fixtures.certify(reports, "--namespace", ns);
            System.out.println(run.all());

            assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
            assertThat(run.output()).contains("FAIL 6b. placement")
                    .contains("all 3 (redis-master-0, redis-slave-0, redis-slave-1) run on node " + node)
                    .contains("losing that node loses the whole stack")
                    .contains("their nodeSelector kubernetes.io/hostname=" + node + " pins them to that node")
                    .containsPattern("(?m)^certification: \\d+ passed, 1 failed");
        } finally {
            ItCluster.delete(client, ns);
        }
    }

    /** A StatefulSet of the manifest with a nodeSelector pinning its pods to {@code node}. */
    private static HasMetadata pinned(HasMetadata item, String node) {
        return item instanceof StatefulSet sts ? new StatefulSetBuilder(sts).editSpec().editTemplate().editSpec()
                .addToNodeSelector("kubernetes.io/hostname", node).endSpec().endTemplate().endSpec().build() : item;
    }

    private static JsonNode step(JsonNode report, String id) {
        return StreamSupport.stream(report.get("steps").spliterator(), false)
                .filter(step -> step.get("id").asString().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no step " + id + " in the report: " + report.get("steps")));
    }

    private static boolean ready(Node node) {
        return Objects.requireNonNullElse(node.getStatus().getConditions(), List.<io.fabric8.kubernetes.api.model
                .NodeCondition>of()).stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c
                        .getStatus()));
    }
}
