package io.github.redishajunit.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.redishajunit.RedisHACluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code scripts/certify --namespace NS --drills} on two fixtures: a stack that keeps its data on emptyDir with
 * persistence off fails the persistence step and then the master drill, naming what was lost; the Sentinel stack
 * (Bitnami's defaults: the password only in a mounted Secret file, the Sentinels requiring it too) loses what its
 * isolated master acknowledged, naming the setting, and with that setting runs every drill (failing over, keeping
 * every acknowledged write) and certifies clean again afterwards (step 16), with no password option.
 */
class DrillFixturesIT {

    @ClusterClient
    private static KubernetesClient client;

    // kept when a test fails: its reports and evidence files say what the stack answered
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path reports;

    @Test
    void aMasterOnEmptyDirFailsPersistenceAndTheDrillNamingTheKeysLost() {
        String ns = Fixtures.deploy(client, "article-emptydir.yaml", "rha-drill-emptydir");
        try {
            Fixtures.Run run = Fixtures.certify(reports, "--namespace", ns, "--drills");
            System.out.println(run.output());

            assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
            assertThat(run.output())
                    .contains("FAIL 6. persistence")
                    .contains("FAIL 7. drill: the master pod deleted under write load")
                    .containsPattern("but \\d+ of \\d+ acknowledged keys were missing afterwards; redis-master-0"
                            + " came back empty \\(without any of the \\d+ acknowledged before the delete\\) and the"
                            + " replicas resynced from it and lost them too")
                    .containsPattern("missing on redis-master-0 \\d+, redis-slave-0 \\d+, redis-slave-1 \\d+");
            assertThat(run.output().indexOf("FAIL 6. persistence"))
                    .as("persistence flags the stack before any drill runs")
                    .isLessThan(run.output().indexOf("7. drill"));
        } finally {
            ItCluster.delete(client, ns);
        }
    }

    @Test
    void theSentinelStackLosesWhatItsIsolatedMasterAcknowledgedAndNamesTheSetting() throws Exception {
        String ns = Fixtures.deploy(client, "bitnami-sentinel.yaml", "rha-drill-isolate");
        try {
            Path json = reports.resolve("certification.json");
            Fixtures.Run run = Fixtures.certify(reports, "--namespace", ns, "--drills", "isolate-master", "--json",
                    json.toString());
            System.out.println(run.output());

            assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
            JsonNode drill = JsonMapper.builder().build().readTree(Files.readString(json)).get("drills").get(0);
            assertThat(drill.get("name").asString()).isEqualTo("isolate-master");
            assertThat(drill.get("status").asString()).isEqualTo("FAIL");
            assertThat(run.output()).contains("drill isolate-master: acknowledged writes lost: "
                    + drill.get("acknowledgedLost").asLong() + ",");
            assertThat(run.output())
                    .contains("FAIL 13. drill: the master isolated from its replicas and Sentinels")
                    .containsPattern("but [1-9]\\d* of \\d+ acknowledged writes were missing afterwards; the cause:"
                            + " cache-node-\\d accepted writes while it was isolated from its replicas and Sentinels,"
                            + " the Sentinels promoted cache-node-\\d, and when the isolation ended cache-node-\\d was"
                            + " demoted to its replica and resynced from it: the writes it had acknowledged were"
                            + " discarded; the master has min-replicas-to-write 0: `min-replicas-to-write 1` with"
                            + " `min-replicas-max-lag 10` would have refused them")
                    .containsPattern("(?m)^drill isolate-master: acknowledged writes lost: [1-9]\\d*, split brain:"
                            + " [0-9.]+ s, writes back after [0-9.]+ s, replicas re-linked after [0-9.]+ s$");
            assertThat(run.all() + Fixtures.allFiles(reports)).doesNotContain("fixture-sentinel-pw");

            // the same stack, healed: an application's own Sentinel client across a failover, from this JVM
            ItCluster.assertAllPassed(ItCluster.run(ApplicationClientFixture.class,
                    Map.of(RedisHACluster.NAMESPACE_KEY, ns)), 2);
        } finally {
            ItCluster.delete(client, ns);
        }
    }

    @Test
    void withMinReplicasToWriteEveryDrillKeepsEveryWriteTheIsolatedMasterRefusesAndTheQuorumHolds() throws Exception {
        String ns = Fixtures.deploy(client, "bitnami-sentinel.yaml", "rha-drill-minrep",
                Fixtures.env("MIN_REPLICAS_TO_WRITE", "1"));
        try {
            Path json = reports.resolve("certification.json");
            Fixtures.Run run = Fixtures.certify(reports, "--namespace", ns, "--drills", "all", "--json", json.toString());
            System.out.println(run.output());

            assertThat(run.exitCode()).as(run.all()).isZero();
            assertThat(run.output())
                    .containsPattern("Sentinel password: Secret cache key redis-password \\(REDIS_PASSWORD_FILE of"
                            + " container sentinel in pod cache-node-\\d, file /opt/bitnami/redis/secrets/redis-password\\)")
                    .contains("PASS 7. drill: the master pod deleted under write load")
                    .contains("master pod deleted, Sentinel failover (cache-node-")
                    .containsPattern("every Sentinel named cache-node-\\d [0-9.]+ s after the delete")
                    .containsPattern("master cache-node-\\d -> cache-node-\\d")
                    .contains("PASS 8. drill: a replica pod deleted under write load")
                    .contains("PASS 13. drill: the master isolated from its replicas and Sentinels")
                    .containsPattern("[1-9]\\d* refused by the master for lack of replicas \\(NOREPLICAS\\)")
                    .containsPattern("(?m)^drill isolate-master: acknowledged writes lost: 0, split brain:")
                    .contains("PASS 15. drill: a majority of the Sentinels gone under write load")
                    .containsPattern("a majority of the Sentinels gone \\(cache-node-\\d, cache-node-\\d paused"
                            + " [0-9.]+ s; CKQUORUM refused by cache-node-\\d, no failover\\)")
                    .containsPattern("(?m)^drill sentinel-quorum: acknowledged writes lost: 0, split brain: 0.0 s,")
                    .contains("PASS 16. after the drills");
            // every write WAIT confirmed on the replicas is kept by every drill; a write the master answered OK that no
            // replica had yet may go with a failover (replication is asynchronous: a cold start lost one such write in
            // CI, "22 unconfirmed (1 of them lost)"), which the drill line counts and the step reports, never hides
            assertThat(run.output()).doesNotContainPattern("acknowledged writes lost: [1-9]\\d* of ")
                    .containsPattern("(?m)^drill lag: acknowledged writes lost: 0, ");
            for (String drill : List.of("pod-delete", "force-delete", "restart-in-place", "hung-master", "cold-start",
                    "isolate-master", "sentinel-quorum")) {
                assertThat(run.output()).containsPattern("(?m)^drill " + drill + ": acknowledged writes lost: \\d+, ");
            }
            JsonNode report = JsonMapper.builder().build().readTree(Files.readString(json));
            assertThat(report.get("certified").asBoolean()).isTrue();
            assertThat(report.get("stack").get("sentinels")).hasSize(3);
            assertThat(report.get("drills")).hasSize(9).allSatisfy(drill -> {
                assertThat(drill.get("acknowledgedLost").asLong()).isZero();
                assertThat(drill.get("status").asString()).isEqualTo("PASS");
            });
            assertThat(run.all() + Fixtures.allFiles(reports)).doesNotContain("fixture-sentinel-pw");
        } finally {
            ItCluster.delete(client, ns);
        }
    }
}
