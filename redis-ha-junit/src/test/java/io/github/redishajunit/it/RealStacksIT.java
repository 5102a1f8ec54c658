package io.github.redishajunit.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stacks people run, as this project's fixtures shape them (see each file's header): each is deployed as a user
 * deploys it, certified with {@code scripts/certify --namespace NS} and no other option, then broken in its typical
 * way and certified again: the failure names the pod. No password reaches the output or the reports.
 */
class RealStacksIT {

    private static KubernetesClient client;

    @TempDir
    Path reports;

    @BeforeAll
    static void connect() {
        client = ItCluster.client();
    }

    @AfterAll
    static void close() {
        client.close();
    }

    @Test
    void bitnamiReplicationWithAuthFromItsSecretCertifiesAndBreaksNamingThePod() {
        String ns = Fixtures.deploy(client, "bitnami-replication.yaml", "rha-bitnami");
        try {
            Fixtures.Run run = Fixtures.certify(reports, "--namespace", ns);

            assertThat(run.exitCode()).as(run.all()).isZero();
            assertThat(run.output())
                    .contains("found 3 Redis pods (by container port 6379) owned by StatefulSets cache-master,"
                            + " cache-replicas: cache-master-0 master, cache-replicas-0 replica, cache-replicas-1"
                            + " replica")
                    .contains("PASS 1. replication", "PASS 2. propagation", "PASS 3. boot logs",
                            "PASS 4b. security", "PASS 5. replicas reject writes", "PASS 6. persistence")
                    .contains("N/A  1b. Sentinel", "N/A  4. NodePort")
                    .contains("cache-master-0 NOAUTH", "certification: 7 passed, 0 failed, 2 skipped");
            assertThat(run.all() + Fixtures.allFiles(reports)).doesNotContain("fixture-bitnami-pw");

            // a replica chained to the other replica
            Fixtures.sh(client, ns, "cache-replicas-1", "redis", "redis-cli -a \"$REDIS_PASSWORD\" --no-auth-warning"
                    + " replicaof cache-replicas-0.cache-headless." + ns + ".svc.cluster.local 6379");
            Fixtures.Run chained = Fixtures.certify(reports, "--namespace", ns);
            assertThat(chained.exitCode()).as(chained.all()).isEqualTo(1);
            assertThat(chained.output()).contains("FAIL 1. replication")
                    .contains("cache-replicas-1 (")
                    .contains("which is cache-replicas-0, a replica (a chain), not the master cache-master-0");

            // the same replica promoted to a second master
            Fixtures.sh(client, ns, "cache-replicas-1", "redis",
                    "redis-cli -a \"$REDIS_PASSWORD\" --no-auth-warning replicaof no one");
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
}
