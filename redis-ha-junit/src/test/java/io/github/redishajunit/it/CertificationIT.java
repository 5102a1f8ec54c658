package io.github.redishajunit.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.redishajunit.CleanupPolicy;
import io.github.redishajunit.HACluster;
import io.github.redishajunit.RedisHACluster;
import io.github.redishajunit.assertions.RedisHAAssertions;
import io.github.redishajunit.certification.CertifyCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The certification command against a stack on the real cluster: it certifies a healthy one (exit 0, a PASS line
 * per step, JUnit XML), then fails naming what is broken: a replica detached with {@code REPLICAOF NO ONE}, the
 * NodePort Service deleted, and a replica's data claim deleted (lost once its pod goes).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CertificationIT {

    @RedisHACluster(cleanup = CleanupPolicy.ALWAYS)
    static HACluster cluster;

    // kept when a test fails: its reports and evidence files say what the stack answered
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path reports;

    record Run(int exitCode, String output) {}

    private static Run certify(String... more) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("--namespace", cluster.namespace(),
                "--reports", reports.toString()));
        args.addAll(java.util.List.of(more));
        int code = CertifyCommand.run(args.toArray(String[]::new),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String output = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
        return new Run(code, output);
    }

    @Test
    @Order(1)
    void certifiesAHealthyStack() throws Exception {
        Run run = certify();

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output())
                .contains("found 3 Redis pods (by container port 6379) owned by StatefulSets redis-master,"
                        + " redis-slave: redis-master-0 master, redis-slave-0 replica, redis-slave-1 replica")
                .contains("PASS 1. replication", "PASS 2. propagation", "PASS 2b. durability", "PASS 3. boot logs",
                        "PASS 4. NodePort", "PASS 5. replicas reject writes", "PASS 6. persistence")
                .contains("N/A  1b. Sentinel: every Sentinel names the master, with quorum\n"
                        + "     not applicable: the stack has no Sentinels")
                // the article's stack has AUTH off and a NodePort: anyone who reaches the node reaches the data
                .contains("WARN 4b. security", "reaches Redis without a password (AUTH is off)")
                .contains("redis-slave-0.redis-headless:6379", "redis-slave-1.redis-headless:6379", "PONG")
                .contains(ItCluster.certificationLine(cluster.client(), 8, 0, 3));
        try (var files = Files.list(reports)) {
            assertThat(files.map(path -> path.getFileName().toString()))
                    .anyMatch(name -> name.startsWith("TEST-") && name.endsWith(".xml"));
        }
    }

    @Test
    @Order(2)
    void strictFailsTheWarningAndExternalNamesTheEndpointToCheck() {
        Run strict = certify("--strict");
        Run external = certify("--external", cluster.nodePort().toString());

        assertThat(strict.exitCode()).as(strict.output()).isEqualTo(1);
        assertThat(strict.output()).contains("FAIL 4b. security")
                .contains("to refuse clients without a password on its external endpoint (strict)");
        assertThat(external.exitCode()).as(external.output()).isZero();
        assertThat(external.output()).contains("PASS 4. NodePort", cluster.nodePort() + " PONG");
    }

    @Test
    @Order(2)
    void aSelectorOfAnyKubectlFormIsMatchedByTheApiServer() {
        Run picked = certify("--selector=app.kubernetes.io/part-of in (redis-ha),!no-such-label");
        Run none = certify("--selector", "app.kubernetes.io/part-of notin (redis-ha)");
        Run refused = certify("--selector", "app.kubernetes.io/part-of in (redis-ha");

        assertThat(picked.exitCode()).as(picked.output()).isZero();
        assertThat(picked.output()).contains("found 3 Redis pods", "matching app.kubernetes.io/part-of in"
                + " (redis-ha),!no-such-label");
        assertThat(none.exitCode()).as(none.output()).isEqualTo(2);
        assertThat(none.output()).contains("found nothing to certify", "matching app.kubernetes.io/part-of notin"
                + " (redis-ha)");
        assertThat(refused.exitCode()).as(refused.output()).isEqualTo(2);
        assertThat(refused.output()).contains("redis.ha.selector = \"app.kubernetes.io/part-of in (redis-ha\" is"
                + " invalid: the API server refused it (");
    }

    @Test
    @Order(2)
    void aNamespaceWithoutRedisIsNothingToCertify() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = CertifyCommand.run(new String[] {"--namespace", "kube-public", "--reports", reports.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(out, true, StandardCharsets.UTF_8));

        assertThat(code).as(out.toString(StandardCharsets.UTF_8)).isEqualTo(2);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("found nothing to certify: no pod in namespace"
                + " kube-public has a container that serves Redis");
    }

    @Test
    @Order(2)
    void failsNamingAReplicaDetachedWithReplicaofNoOne() {
        cluster.replica(1).connection().sync().replicaofNoOne();
        try {
            Run run = certify();

            assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
            assertThat(run.output())
                    .contains("FAIL 1. replication")
                    .contains("redis-slave-1")
                    .contains("role:master");
        } finally {
            cluster.replica(1).connection().sync().replicaof("redis-master", 6379);
            await("redis-slave-1 to follow the master again").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> RedisHAAssertions.assertReplicationUp(cluster));
        }
    }

    @Test
    @Order(3)
    void aNodePortThatIsGoneFailsTheHandleThatHadItAndIsNotApplicableToANewCertification() {
        cluster.client().services().inNamespace(cluster.namespace()).withName("redis-master-nodeport").delete();

        await("the handle's watch to see redis-master-nodeport go").atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThatThrownBy(() -> cluster.externalEndpoint())
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessage("Service redis-master-nodeport (the stack's NodePort to its master) does not exist"
                                + " in namespace " + cluster.namespace()));
        Run run = certify();

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output())
                .contains("PASS 1. replication")
                .contains("N/A  4. NodePort: PING from outside answers PONG and reaches the master\n"
                        + "     not applicable: the stack declares no NodePort or LoadBalancer Service to its master"
                        + " (--external HOST:PORT names an endpoint to check)");
    }

    @Test
    @Order(4)
    void failsNamingAReplicasDataClaimThatIsBeingDeleted() {
        String claim = "redis-data-redis-slave-1";
        // the pod still uses it, so pvc-protection keeps it, terminating, until the pod goes: then the data is gone
        cluster.client().persistentVolumeClaims().inNamespace(cluster.namespace()).withName(claim).delete();

        Run run = certify();

        assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
        assertThat(run.output())
                .contains("FAIL 6. persistence")
                .contains("redis-slave-1 (")
                .contains("on claim " + claim + ", which is being deleted");
    }
}
