package io.github.redishajunit.it;

import static io.github.redishajunit.assertions.RedisHAAssertions.assertAuthRequired;
import static io.github.redishajunit.assertions.RedisHAAssertions.assertExternalEndpointReachesMaster;
import static io.github.redishajunit.assertions.RedisHAAssertions.assertReplicationUp;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.redishajunit.CleanupPolicy;
import io.github.redishajunit.HACluster;
import io.github.redishajunit.RedisHACluster;
import io.github.redishajunit.assertions.AuthResult;
import io.lettuce.core.RedisCredentials;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code @RedisHACluster(auth = true)}: the stack is provisioned with a random password from a Secret, the handles
 * find and use it the way they find any stack's, and without it every endpoint says NOAUTH; {@code scripts/certify
 * --provision --auth} certifies such a stack.
 */
class AuthProvisionIT {

    @RedisHACluster(auth = true, cleanup = CleanupPolicy.ALWAYS)
    static HACluster cluster;

    // kept when a test fails: its reports and evidence files say what the stack answered
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path reports;

    @Test
    void theHandlesAuthenticateAndNothingAnswersWithoutThePassword() {
        String secret = new String(Base64.getDecoder().decode(cluster.client().secrets()
                .inNamespace(cluster.namespace()).withName("redis-ha-junit-auth").get().getData().get("password")));
        RedisCredentials used = cluster.connectionSettings().credentials().orElseThrow().resolveCredentials().block();

        assertThat(secret).hasSize(32);
        assertThat(new String(used.getPassword())).isEqualTo(secret);
        assertReplicationUp(cluster);
        assertExternalEndpointReachesMaster(cluster);
        AuthResult refused = assertAuthRequired(cluster);
        assertThat(refused.replies()).hasSize(4).allSatisfy((endpoint, reply) -> assertThat(reply).startsWith("NOAUTH"));
        assertThat(cluster.connectionSettings().toString()).doesNotContain(secret);
    }

    @Test
    void certifyProvisionsWithAuthAndNeverPrintsThePassword() {
        Path json = reports.resolve("certification.json");

        Fixtures.Run run = Fixtures.certify(reports, "--provision", "--auth", "--json", json.toString());

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.output()).contains("PASS 4. NodePort", "PASS 4b. security", "redis-master-0 NOAUTH",
                ItCluster.certificationLine(cluster.client(), 8, 0, 3));
        // the NodePort on the node the master ran on (the namespace is gone: its node is in the report)
        String nodeIp = ItCluster.internalIp(cluster.client(), Fixtures.reportedMasterNode(json));
        assertThat(run.output()).contains("the external endpoint " + nodeIp + ":")
                .contains("NOAUTH, the external endpoint");
    }
}
