package io.github.redishajunit.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stacks people run, as this project's fixtures shape them (see each file's header): each is deployed as a user
 * deploys it, certified with {@code scripts/certify --namespace NS} and no other option, then broken in its typical
 * way and certified again: the failure names the pod. No password reaches the output or the reports. What depends on
 * the cluster (the master's node address, the default StorageClass) is read from its API; article-auth.yaml names
 * StorageClass local-path, as the manifest it copies does.
 */
class RealStacksIT {

    @ClusterClient
    private static KubernetesClient client;

    // kept when a test fails: its reports and evidence files say what the stack answered
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path reports;

    /** redis-cli in a container whose only password is the file REDIS_PASSWORD_FILE names (auth.usePasswordFiles). */
    static final String CLI_FROM_FILE = "redis-cli -a \"$(cat \"$REDIS_PASSWORD_FILE\")\" --no-auth-warning";

    @Test
    void bitnamiReplicationWithItsPasswordOnlyInAMountedFileCertifiesAndBreaksNamingThePod() {
        String ns = Fixtures.deploy(client, "bitnami-replication.yaml", "rha-bitnami");
        try {
            Fixtures.Run run = Fixtures.certify(reports, "--namespace", ns);
            System.out.println(ns + ": scripts/certify --namespace NS printed " + run.lines() + " lines, exit "
                    + run.exitCode());

            assertThat(run.exitCode()).as(run.all()).isZero();
            assertThat(run.output())
                    .contains("found 3 Redis pods (by container port 6379) owned by StatefulSets cache-master,"
                            + " cache-replicas: cache-master-0 master, cache-replicas-0 replica, cache-replicas-1"
                            + " replica")
                    .contains("PASS 1. replication", "PASS 2. propagation", "PASS 3. boot logs",
                            "PASS 4b. security", "PASS 5. replicas reject writes", "PASS 6. persistence")
                    // the claims name no StorageClass, as the chart's: they got the cluster's default
                    .contains("cache-master-0 /data on redis-data-cache-master-0 Bound (1Gi, "
                            + ItCluster.defaultStorageClass(client) + ")")
                    .contains("N/A  1b. Sentinel", "N/A  4. NodePort")
                    .contains("cache-master-0 NOAUTH", "masterauth matches on all 3 nodes")
                    .containsPattern("password: Secret cache key redis-password \\(REDIS_PASSWORD_FILE of container"
                            + " redis in pod cache-(master|replicas)-\\d, file /opt/bitnami/redis/secrets/redis-password\\)")
                    .contains(ItCluster.certificationLine(client, 7, 0, 4));
            assertThat(run.all() + Fixtures.allFiles(reports)).doesNotContain("fixture-bitnami-pw");

            // the drills (the master pod deleted, then a replica's), then a clean certification
            Fixtures.Run drills = Fixtures.certify(reports.resolve("drills"), "--namespace", ns, "--drills");
            System.out.println(drills.output());
            assertThat(drills.exitCode()).as(drills.all()).isZero();
            assertThat(drills.output()).contains("PASS 7. drill", "acknowledged writes lost: 0 of ", "PASS 8. drill");
            Fixtures.Run after = Fixtures.certify(reports.resolve("after"), "--namespace", ns);
            assertThat(after.exitCode()).as(after.all()).isZero();
            assertThat(drills.all() + after.all() + Fixtures.allFiles(reports)).doesNotContain("fixture-bitnami-pw");

            // a replica chained to the other replica
            Fixtures.sh(client, ns, "cache-replicas-1", "redis", CLI_FROM_FILE + " replicaof cache-replicas-0"
                    + ".cache-headless." + ns + ".svc.cluster.local 6379");
            Fixtures.Run chained = Fixtures.certify(reports, "--namespace", ns);
            assertThat(chained.exitCode()).as(chained.all()).isEqualTo(1);
            assertThat(chained.output()).contains("FAIL 1. replication")
                    .contains("cache-replicas-1 (")
                    .contains("which is cache-replicas-0, a replica (a chain), not the master cache-master-0");

            // the same replica promoted to a second master
            Fixtures.sh(client, ns, "cache-replicas-1", "redis", CLI_FROM_FILE + " replicaof no one");
            Fixtures.Run promoted = Fixtures.certify(reports, "--namespace", ns);
            assertThat(promoted.exitCode()).as(promoted.all()).isEqualTo(1);
            assertThat(promoted.output()).contains("FAIL 1. replication")
                    .containsPattern("but 2 report role:master: cache-master-0 \\([0-9.]+:6379\\), cache-replicas-1 \\(");

            // a wrong password given
            client.secrets().inNamespace(ns).resource(new SecretBuilder().withNewMetadata().withName("wrong")
                    .endMetadata().addToStringData("redis-password", "not-the-password").build()).create();
            Fixtures.Run wrong = Fixtures.certify(reports, "--namespace", ns, "--password-secret", "wrong");
            assertThat(wrong.exitCode()).as(wrong.all()).isEqualTo(2);
            assertThat(wrong.all()).contains("refuses the credentials found (WRONGPASS: the password is wrong;"
                            + " password: Secret wrong key redis-password")
                    .containsPattern("Redis pod cache-(master|replicas)-\\d in namespace " + ns)
                    .doesNotContain("not-the-password", "fixture-bitnami-pw");
            assertThat(Fixtures.allFiles(reports)).doesNotContain("not-the-password", "fixture-bitnami-pw");
        } finally {
            ItCluster.delete(client, ns);
        }
    }

    @Test
    void theArticlesStackWithAuthOnCertifiesWithItsNodePortAndRefusesClientsWithoutThePassword() {
        String ns = Fixtures.deploy(client, "article-auth.yaml", "rha-articleauth");
        try {
            Fixtures.Run run = Fixtures.certify(reports, "--namespace", ns);
            System.out.println(ns + ": scripts/certify --namespace NS printed " + run.lines() + " lines, exit "
                    + run.exitCode());

            assertThat(run.exitCode()).as(run.all()).isZero();
            assertThat(run.output())
                    .contains("found 3 Redis pods (by container port 6379) owned by StatefulSets redis-master,"
                            + " redis-slave: redis-master-0 master, redis-slave-0 replica, redis-slave-1 replica")
                    .contains("PASS 4. NodePort", "PASS 4b. security", "redis-master-0 NOAUTH",
                            "the external endpoint " + ItCluster.nodeIpOf(client, ns, "redis-master-0") + ":")
                    .contains(ItCluster.certificationLine(client, 8, 0, 3));
            assertThat(run.all() + Fixtures.allFiles(reports)).doesNotContain(password(ns, "redis-auth", "password"));
        } finally {
            ItCluster.delete(client, ns);
        }
    }

    @Test
    void anOperatorsStackWhoseRoleLabelsGoStaleFailsNamingTheLabel() {
        String ns = Fixtures.deploy(client, "ot-replication.yaml", "rha-ot");
        try {
            // what the operator does after the pods start
            label(ns, "cache-0", "redis-role", "master");
            label(ns, "cache-1", "redis-role", "slave");
            label(ns, "cache-2", "redis-role", "slave");
            Fixtures.Run run = Fixtures.certify(reports, "--namespace", ns);
            System.out.println(ns + ": scripts/certify --namespace NS printed " + run.lines() + " lines, exit "
                    + run.exitCode());

            assertThat(run.exitCode()).as(run.all()).isZero();
            assertThat(run.output())
                    .contains("found 3 Redis pods (by container port 6379) owned by StatefulSet cache: cache-0 master,"
                            + " cache-1 replica, cache-2 replica")
                    .contains("role labels cache-0 redis-role=master, cache-1 redis-role=slave, cache-2 redis-role=slave")
                    .contains("PASS 4b. security", "AUTH off; no external endpoint")
                    .contains(ItCluster.certificationLine(client, 7, 0, 4));

            // labels left behind after a failover (OT issues 1153, 1544)
            label(ns, "cache-0", "redis-role", "slave");
            label(ns, "cache-2", "redis-role", "master");
            Fixtures.Run stale = Fixtures.certify(reports, "--namespace", ns);
            assertThat(stale.exitCode()).as(stale.all()).isEqualTo(1);
            assertThat(stale.output()).contains("FAIL 1. replication")
                    .containsPattern("cache-0 \\([0-9.]+:6379\\) is labelled redis-role=slave but its server says it is"
                            + " the master")
                    .containsPattern("cache-2 \\([0-9.]+:6379\\) is labelled redis-role=master but its server says it"
                            + " is a replica");
        } finally {
            ItCluster.delete(client, ns);
        }
    }

    @Test
    void bitnamisSentinelModeWithoutASentinelPasswordCertifiesFailsOverAndNamesASentinelPointedElsewhere() {
        // auth.sentinel: false: the Sentinels have no password, the Redis password is only in the mounted file
        String ns = Fixtures.deploy(client, "bitnami-sentinel.yaml", "rha-sentinel",
                Fixtures.env("SENTINEL_AUTH", "no"));
        try {
            Fixtures.Run run = Fixtures.certify(reports, "--namespace", ns);
            System.out.println(ns + ": scripts/certify --namespace NS printed " + run.lines() + " lines, exit "
                    + run.exitCode());

            assertThat(run.exitCode()).as(run.all()).isZero();
            assertThat(run.output())
                    .contains("found 3 Redis pods (by container port 6379) owned by StatefulSet cache-node:"
                            + " cache-node-0 master, cache-node-1 replica, cache-node-2 replica; 3 Sentinels")
                    .containsPattern("password: Secret cache key redis-password \\(REDIS_PASSWORD_FILE of container"
                            + " redis in pod cache-node-\\d, file /opt/bitnami/redis/secrets/redis-password\\);"
                            + " Sentinel password: none")
                    .contains("PASS 1b. Sentinel", "mymaster: cache-node-0 names ", "OK, 2 replicas, 2 other Sentinels")
                    .contains(ItCluster.certificationLine(client, 8, 0, 3));

            // the drills: the master pod dies, the Sentinels fail over, the old master comes back as a replica
            Fixtures.Run drills = Fixtures.certify(reports.resolve("drills"), "--namespace", ns, "--drills");
            System.out.println(drills.output());
            assertThat(drills.exitCode()).as(drills.all()).isZero();
            assertThat(drills.output()).contains("PASS 7. drill", "master pod deleted, Sentinel failover (cache-node-",
                    "acknowledged writes lost: 0 of ", "PASS 8. drill");
            Fixtures.Run after = await("the stack to certify after the failover").atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofSeconds(5))
                    .until(() -> Fixtures.certify(reports, "--namespace", ns), r -> r.exitCode() == 0);
            assertThat(after.output()).containsPattern("cache-node-0 replica")
                    .containsPattern("cache-node-[12] master")
                    .contains("PASS 1b. Sentinel", "PASS 3. boot logs");
            assertThat(run.all() + drills.all() + after.all() + Fixtures.allFiles(reports))
                    .doesNotContain("fixture-sentinel-pw");

            // one Sentinel pointed at a replica (without the auth-pass it had: SENTINEL REMOVE drops it); gossip
            // from the other Sentinels may move it back to the master, but it cannot see the replicas any more
            String master = after.output().lines().filter(l -> l.startsWith("found ")).findFirst().orElseThrow()
                    .replaceAll(".*(cache-node-\\d) master.*", "$1");
            String replica = master.equals("cache-node-1") ? "cache-node-2" : "cache-node-1";
            Fixtures.sh(client, ns, "cache-node-0", "sentinel", "redis-cli -p 26379 sentinel remove mymaster"
                    + " && redis-cli -p 26379 sentinel monitor mymaster " + replica + ".cache-headless." + ns
                    + ".svc.cluster.local 6379 2");
            Fixtures.Run pointed = Fixtures.certify(reports, "--namespace", ns);
            assertThat(pointed.exitCode()).as(pointed.all()).isEqualTo(1);
            assertThat(pointed.output()).contains("FAIL 1b. Sentinel")
                    .containsPattern("(but|and) cache-node-0 \\([0-9.]+:26379\\) (names " + replica + "\\.cache-headless"
                            + "|knows 0 replicas)");
        } finally {
            ItCluster.delete(client, ns);
        }
    }

    @Test
    void spotahomesShapeWithSentinelPodsCertifiesAllButItsEmptyDirData() {
        String ns = Fixtures.deploy(client, "spotahome-failover.yaml", "rha-spotahome");
        try {
            label(ns, "rfr-cache-0", "redisfailovers-role", "master");
            label(ns, "rfr-cache-1", "redisfailovers-role", "slave");
            label(ns, "rfr-cache-2", "redisfailovers-role", "slave");
            Fixtures.Run run = Fixtures.certify(reports, "--namespace", ns);
            System.out.println(ns + ": scripts/certify --namespace NS printed " + run.lines() + " lines, exit "
                    + run.exitCode());

            // the operator's default keeps data on emptyDir with persistence off: a restart loses it (issue 97)
            assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
            assertThat(run.output())
                    .contains("found 3 Redis pods (by container port 6379) owned by StatefulSet rfr-cache: rfr-cache-0"
                            + " master, rfr-cache-1 replica, rfr-cache-2 replica; 3 Sentinels")
                    .contains("PASS 1. replication", "PASS 1b. Sentinel", "PASS 2. propagation", "PASS 3. boot logs",
                            "PASS 4b. security", "PASS 5. replicas reject writes", "FAIL 6. persistence")
                    .contains("(an emptyDir), not on a PersistentVolumeClaim: the data goes with the pod")
                    .contains("(a cache may choose that; a store mounts its dir from a PersistentVolumeClaim")
                    .contains(ItCluster.certificationLine(client, 7, 1, 3));
            assertThat(run.all() + Fixtures.allFiles(reports)).doesNotContain("fixture-spotahome-pw");
        } finally {
            ItCluster.delete(client, ns);
        }
    }

    private static void label(String ns, String pod, String key, String value) {
        client.pods().inNamespace(ns).withName(pod).edit(p -> new PodBuilder(p).editMetadata()
                .addToLabels(key, value).endMetadata().build());
    }

    private static String password(String ns, String secret, String key) {
        return new String(java.util.Base64.getDecoder().decode(client.secrets().inNamespace(ns).withName(secret).get()
                .getData().get(key)), java.nio.charset.StandardCharsets.UTF_8);
    }
}
