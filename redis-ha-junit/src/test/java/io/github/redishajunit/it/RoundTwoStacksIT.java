package io.github.redishajunit.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The next stacks people run, as this project's fixtures shape them (see each file's header), each certified with
 * {@code scripts/certify --namespace NS} and no other option: servers announced through per-pod Services with a
 * proxy in front and containers that declare no port ({@code kv-doors.yaml}, after the redis-ha chart), an ACL of
 * hashes on Valkey with host names announced ({@code ledger-acl.yaml}, after valkey-helm and Bitnami's valkey), and
 * a sharded Redis Cluster, which is named and refused ({@code shards.yaml}). No password reaches the output; run as
 * the jar, a success, a wrong password and a failed certification print no other logger's line and no stack trace.
 */
class RoundTwoStacksIT {

    @ClusterClient
    private static KubernetesClient client;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path reports;

    @Test
    void serversAnnouncedThroughServicesWithAProxyInFrontCertifyAndFailOverKeepingEveryWrite() {
        String ns = Fixtures.deploy(client, "kv-doors.yaml", "rha-doors");
        try {
            // as a user runs it: the jar in a JVM of its own, whose console holds the library's words alone
            Fixtures.Run run = Fixtures.certifyJar(reports, "--namespace", ns);
            System.out.println(ns + ": java -jar ...-certify.jar --namespace NS printed " + run.lines() + " lines, exit "
                    + run.exitCode());

            assertThat(run.exitCode()).as(run.all()).isZero();
            Fixtures.assertConsoleClean(run);
            // before any pod answered, the proxies are counted as serving Redis, never as Redis pods
            assertThat(run.all()).containsPattern("found 5 pods serving Redis \\(by [^)]+\\) owned by [^;]*Deployment"
                    + " kv-front").doesNotContain("found 5 Redis pods");
            assertThat(run.output())
                    .contains("found 3 Redis pods (by what the container runs, no port declared) owned by StatefulSet"
                            + " kv: kv-0 master, kv-1 replica, kv-2 replica; 3 Sentinels; in front of them 2 proxies"
                            + " (Deployment kv-front), not data nodes: kv-front-")
                    .containsPattern("kv-front-[a-z0-9-]+ -> kv-0, kv-front-[a-z0-9-]+ -> kv-0; password: Secret"
                            + " kv-login key token \\(env KV_TOKEN of container server in pod kv-0\\)")
                    .contains("PASS 1. replication", "PASS 1b. Sentinel", "PASS 2. propagation", "PASS 2b. durability",
                            "PASS 3. boot logs", "PASS 4b. security", "PASS 5. replicas reject writes",
                            "PASS 6. persistence")
                    .containsPattern("shop-kv: kv-0 names 10\\.[0-9.]+:6379, OK, 2 replicas, 2 other Sentinels")
                    .containsPattern("; proxies kv-front-[a-z0-9-]+ -> kv-0, kv-front-[a-z0-9-]+ -> kv-0\\R")
                    .containsPattern("kv-2 NOAUTH, the proxy kv-front-[a-z0-9-]+ NOAUTH, the proxy kv-front-[a-z0-9-]+ NOAUTH;")
                    .contains(ItCluster.certificationLine(client, 8, 0, 3));

            // the master pod deleted: the Sentinels promote a replica, the proxies follow it, nothing acknowledged is lost
            Fixtures.Run drills = Fixtures.certify(reports.resolve("drills"), "--namespace", ns, "--drills");
            System.out.println(drills.output());
            assertThat(drills.exitCode()).as(drills.all()).isZero();
            assertThat(drills.output()).contains("PASS 7. drill", "master pod deleted, Sentinel failover (kv-",
                    "acknowledged writes lost: 0 of ", "PASS 8. drill", "PASS 16. after the drills")
                    .containsPattern("; proxies kv-front-[a-z0-9-]+ -> (kv-[12]), kv-front-[a-z0-9-]+ -> \\1;");
            Fixtures.Run after = await("the stack to certify after its failover").atMost(Fixtures.FAILOVER_TIMEOUT)
                    .pollInterval(Duration.ofSeconds(5))
                    .until(() -> Fixtures.certify(reports.resolve("after"), "--namespace", ns),
                            r -> r.exitCode() == 0);
            String master = after.output().lines().filter(l -> l.startsWith("found ")).findFirst().orElseThrow()
                    .replaceAll(".*(kv-\\d) master.*", "$1");
            assertThat(master).isNotEqualTo("kv-0").matches("kv-[12]");
            assertThat(after.output()).containsPattern("kv-front-[a-z0-9-]+ -> " + master + ", kv-front-[a-z0-9-]+ -> "
                    + master + ";");

            // a wrong password named: refused at once, in one line, nothing else on the console
            client.secrets().inNamespace(ns).resource(new SecretBuilder().withNewMetadata().withName("wrong")
                    .endMetadata().addToStringData("token", "not-the-doors-pw").build()).create();
            Fixtures.Run wrong = Fixtures.certifyJar(reports.resolve("wrong"), "--namespace", ns, "--password-secret",
                    "wrong:token");
            assertThat(wrong.exitCode()).as(wrong.all()).isEqualTo(2);
            assertThat(wrong.errors()).contains("refuses the credentials found (WRONGPASS: the password is wrong;"
                    + " password: Secret wrong key token)");
            Fixtures.assertConsoleClean(wrong);
            assertThat(run.all() + drills.all() + after.all() + wrong.all() + Fixtures.allFiles(reports))
                    .doesNotContain("fixture-doors-pw", "not-the-doors-pw");
        } finally {
            ItCluster.delete(client, ns);
        }
    }

    @Test
    void valkeyWithAnAclOfHashesAndHostNamesAnnouncedCertifiesAllButTheDataItDoesNotKeep() {
        String ns = Fixtures.deploy(client, "ledger-acl.yaml", "rha-ledger");
        try {
            // a failed certification, as a user runs it: the jar in a JVM of its own
            Fixtures.Run run = await("the Sentinels to know each other").atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofSeconds(3))
                    .until(() -> Fixtures.certifyJar(reports, "--namespace", ns),
                            r -> !r.output().contains("FAIL 1b."));
            System.out.println(ns + ": java -jar ...-certify.jar --namespace NS printed " + run.lines() + " lines, exit "
                    + run.exitCode());

            assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
            Fixtures.assertConsoleClean(run);
            assertThat(run.output())
                    .contains("found 3 Redis pods (by container port 6379) owned by StatefulSet ledger: ledger-0 master,"
                            + " ledger-1 replica, ledger-2 replica; 3 Sentinels; password: Secret ledger-users key"
                            + " default-password (volume users of pod ledger-0)")
                    .contains("PASS 1. replication", "PASS 1b. Sentinel", "PASS 2. propagation", "PASS 2b. durability",
                            "PASS 3. boot logs", "PASS 4b. security", "PASS 5. replicas reject writes",
                            "FAIL 6. persistence")
                    .contains("books-primary: ledger-0 names ledger-0.ledger." + ns + ".svc.cluster.local:6379, OK")
                    .contains("ledger-1 its masteruser sync logs in on the master with its masterauth")
                    .contains("(a cache may choose that; a store mounts its dir from a PersistentVolumeClaim")
                    .contains(ItCluster.certificationLine(client, 7, 1, 3));
            assertThat(run.all() + Fixtures.allFiles(reports)).doesNotContain("fixture-ledger-pw",
                    "fixture-ledger-sync-pw");
        } finally {
            ItCluster.delete(client, ns);
        }
    }

    @Test
    void aShardedRedisClusterIsNamedAndNotJudged() {
        String ns = Fixtures.deploy(client, "shards.yaml", "rha-shards");
        try {
            String nodes = client.pods().inNamespace(ns).withLabel("app", "shard").list().getItems().stream()
                    .map(pod -> pod.getStatus().getPodIP() + ":6379").collect(Collectors.joining(" "));
            Fixtures.sh(client, ns, "shard-0", "node", "redis-cli --cluster create " + nodes + " --cluster-yes");
            // the nodes agree on the slots once the cluster bus has gossiped the new configuration around
            for (String pod : java.util.List.of("shard-0", "shard-1", "shard-2")) {
                await(pod + " to say cluster_state:ok").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> Fixtures.sh(client, ns, pod, "node", "redis-cli cluster info"),
                                info -> info.contains("cluster_state:ok"));
            }

            Fixtures.Run run = Fixtures.certify(reports, "--namespace", ns);

            assertThat(run.exitCode()).as(run.all()).isEqualTo(2);
            assertThat(run.errors()).isEqualTo("certify: namespace " + ns + " runs a Redis Cluster, not a"
                    + " master/replica stack: 3 pods, shard-0 says cluster_enabled:1, cluster_state:ok, 3 shards"
                    + " serving slots; this library certifies a master with its replicas (and Sentinels), which a"
                    + " sharded cluster is not (fix: point it at a master/replica stack)" + System.lineSeparator());
            assertThat(run.output()).doesNotContain("PASS", "FAIL 1.", "master,");
        } finally {
            ItCluster.delete(client, ns);
        }
    }
}
