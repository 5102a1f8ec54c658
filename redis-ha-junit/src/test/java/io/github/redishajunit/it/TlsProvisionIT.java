package io.github.redishajunit.it;

import static io.github.redishajunit.assertions.RedisHAAssertions.assertExternalEndpointReachesMaster;
import static io.github.redishajunit.assertions.RedisHAAssertions.assertReplicationUp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.redishajunit.CleanupPolicy;
import io.github.redishajunit.ClientShutdown;
import io.github.redishajunit.ConnectionSettings;
import io.github.redishajunit.HACluster;
import io.github.redishajunit.RedisHACluster;
import io.github.redishajunit.RedisNode;
import io.github.redishajunit.TlsSettings;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code @RedisHACluster(tls = true)}: the default manifest provisioned TLS-only from a CA made for its namespace; the
 * handles speak TLS and give a user's own client the CA and client certificate; attached, the stack certifies with
 * step 4c PASS, and a plaintext port opened on one replica is named (a WARN; {@code --strict} fails it). No key in
 * any output.
 */
class TlsProvisionIT {

    @RedisHACluster(tls = true, cleanup = CleanupPolicy.ALWAYS)
    static HACluster cluster;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path reports;

    @Test
    void theHandlesSpeakTlsAndAClientOfYourOwnConnectsWithTheCaAndCertificateTheyGive() throws Exception {
        TlsSettings tls = cluster.connectionSettings().tls().orElseThrow();
        byte[] ca = Base64.getDecoder().decode(cluster.client().secrets().inNamespace(cluster.namespace())
                .withName("redis-ha-junit-tls").get().getData().get("ca.crt"));

        // read as a start script reads a file: without its trailing line end
        assertThat(new String(tls.caPem(), StandardCharsets.US_ASCII))
                .isEqualTo(new String(ca, StandardCharsets.US_ASCII).stripTrailing());
        assertThat(tls.presentsClientCertificate()).isTrue();
        assertReplicationUp(cluster);
        assertExternalEndpointReachesMaster(cluster);
        // a client of the user's own, from what the handle gives: Lettuce with the settings, and a JDK socket
        ConnectionSettings own = ConnectionSettings.of(Duration.ofSeconds(5)).withTls(tls);
        RedisClient client = own.newClient();
        try (StatefulRedisConnection<String, String> connection = client.connect(own.uri(cluster.master().endpoint()))) {
            assertThat(connection.sync().info("replication")).contains("role:master", "connected_slaves:2");
        } finally {
            ClientShutdown.shutdown(client);
        }
        RedisNode master = cluster.master();
        try (SSLSocket socket = (SSLSocket) tls.sslContext().getSocketFactory().createSocket(
                master.endpoint().host(), master.endpoint().port())) {
            socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(new String(socket.getInputStream().readNBytes(7), StandardCharsets.US_ASCII))
                    .isEqualTo("+PONG\r\n");
        }
        // plaintext is off: a client without TLS gets no answer
        ConnectionSettings plain = ConnectionSettings.of(Duration.ofSeconds(3));
        RedisClient plainClient = plain.newClient();
        try {
            assertThatThrownBy(() -> plainClient.connect(plain.uri(master.endpoint())).sync().ping())
                    .isInstanceOf(RedisException.class);
        } finally {
            ClientShutdown.shutdown(plainClient);
        }
    }

    @Test
    void attachedItCertifiesWithTlsAndAPlaintextPortOpenedOnAReplicaIsNamed() {
        String ns = cluster.namespace();
        String key = new String(Base64.getDecoder().decode(cluster.client().secrets().inNamespace(ns)
                .withName("redis-ha-junit-tls").get().getData().get("tls.key")), StandardCharsets.US_ASCII);

        Fixtures.Run tls = Fixtures.certify(reports.resolve("tls"), "--namespace", ns);

        assertThat(tls.exitCode()).as(tls.all()).isZero();
        assertThat(tls.output()).contains("; TLS on port 6379 (plaintext off, client certificates yes): CA Secret"
                        + " redis-ha-junit-tls key ca.crt (--tls-ca-cert-file on the command line, file /tls/ca.crt)")
                .contains("PASS 4c. TLS", "redis-master-0 plaintext off, tls-replication yes, client certificates yes,"
                        + " certificate CN=redis-headless, expires ");

        RedisNode replica = cluster.replica(0);
        replica.connection().sync().configSet("port", "6380");
        try {
            Fixtures.Run open = Fixtures.certify(reports.resolve("open"), "--namespace", ns, "--strict");

            assertThat(open.exitCode()).as(open.all()).isEqualTo(1);
            assertThat(open.output()).contains("FAIL 4c. TLS").contains(replica.name() + " also answers plaintext on"
                    + " port 6380 (port 0 turns it off)");
            assertThat(tls.all() + open.all() + Fixtures.allFiles(reports)).doesNotContain(
                    key.lines().skip(1).findFirst().orElseThrow()).doesNotContain("PRIVATE KEY");
        } finally {
            replica.connection().sync().configSet("port", "0");
        }
    }
}
