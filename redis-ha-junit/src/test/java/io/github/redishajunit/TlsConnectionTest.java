package io.github.redishajunit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.redishajunit.assertions.RedisHAAssertions;
import io.github.redishajunit.localredis.LocalRedis;
import io.github.redishajunit.localredis.LocalRedisExtension;
import io.github.redishajunit.localredis.LocalServer;
import io.github.redishajunit.localredis.RedisProcess;
import io.github.redishajunit.localredis.TestCertificates;
import io.lettuce.core.RedisConnectionException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Connections to TLS-only servers on loopback (plaintext port 0, client certificates required), as a pod's server is
 * reached through a port-forward: the certificate is checked against the server's own name, not the local address
 * the connection goes to, and a name the certificate does not cover fails the handshake.
 */
@ExtendWith(LocalRedisExtension.class)
class TlsConnectionTest {

    private static final String POD_NAME = "kv-0.kv-headless.shop.svc.cluster.local";

    @ParameterizedTest(name = "{0}")
    @EnumSource(LocalServer.class)
    void speaksTlsToTheServerCheckingItsOwnNameBehindTheLocalAddress(LocalServer server, LocalRedis redis,
            @TempDir Path dir) {
        TestCertificates certs = TestCertificates.make(dir, POD_NAME);
        RedisProcess kv = redis.startTlsMaster(server, certs);
        Endpoint forwarded = kv.endpoint().withServerName(POD_NAME);

        assertThat(LocalRedis.ping(settings(certs.withClientCertificate()), forwarded)).isEqualTo("PONG");

        // the local address is not a name the certificate covers: no connection without the server's own name
        assertThatThrownBy(() -> LocalRedis.ping(settings(certs.withClientCertificate()), kv.endpoint()))
                .isInstanceOf(RedisConnectionException.class)
                .rootCause().hasMessageContaining("No subject alternative names matching IP address 127.0.0.1");
        assertThatThrownBy(() -> LocalRedis.ping(settings(certs.withClientCertificate()),
                kv.endpoint().withServerName("kv-1.kv-headless.shop.svc.cluster.local")))
                .isInstanceOf(RedisConnectionException.class)
                .rootCause().hasMessageContaining("No subject alternative DNS name matching"
                        + " kv-1.kv-headless.shop.svc.cluster.local found");
        // the server requires a client certificate
        assertThatThrownBy(() -> LocalRedis.ping(settings(certs.trustingTheCa()), forwarded))
                .isInstanceOf(RedisConnectionException.class);
    }

    @Test
    void aServerCertifiedByAnotherCaIsRefused(LocalRedis redis, @TempDir Path dir) {
        TestCertificates certs = TestCertificates.make(dir, POD_NAME);
        TestCertificates other = TestCertificates.make(dir, POD_NAME);
        RedisProcess kv = redis.startTlsMaster(LocalServer.REDIS_7_0_15, certs);

        assertThatThrownBy(() -> LocalRedis.ping(settings(other.withClientCertificate()),
                kv.endpoint().withServerName(POD_NAME)))
                .isInstanceOf(RedisConnectionException.class)
                .rootCause().hasMessageContaining("Path does not chain with any of the trust anchors");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(LocalServer.class)
    void clientKeysAsHelmAndCertManagerWriteThemArePresented(LocalServer server, LocalRedis redis, @TempDir Path dir)
            throws Exception {
        TestCertificates certs = TestCertificates.make(dir, POD_NAME);
        RedisProcess kv = redis.startTlsMaster(server, certs);
        // PKCS#1 RSA (Helm's genSignedCert), and an EC key in SEC1 with its own certificate (cert-manager's default)
        certs.openssl("rsa", "-in", "client.key", "-traditional", "-out", "client-pkcs1.key");
        certs.openssl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "ec.key");
        certs.openssl("req", "-new", "-key", "ec.key", "-subj", "/CN=ec-client", "-out", "ec.csr");
        certs.openssl("x509", "-req", "-in", "ec.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                "-days", "30", "-out", "ec.crt");
        byte[] rsaKey = Files.readAllBytes(certs.file("client-pkcs1.key"));
        byte[] ecKey = Files.readAllBytes(certs.file("ec.key"));
        assertThat(new String(rsaKey, StandardCharsets.US_ASCII)).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        assertThat(new String(ecKey, StandardCharsets.US_ASCII)).startsWith("-----BEGIN EC PRIVATE KEY-----");

        TlsSettings rsa = certs.trustingTheCa().withClientCertificate(Files.readAllBytes(certs.file("client.crt")),
                rsaKey);
        TlsSettings ec = certs.trustingTheCa().withClientCertificate(Files.readAllBytes(certs.file("ec.crt")), ecKey);

        Endpoint forwarded = kv.endpoint().withServerName(POD_NAME);
        assertThat(LocalRedis.ping(settings(rsa), forwarded)).isEqualTo("PONG");
        assertThat(LocalRedis.ping(settings(ec), forwarded)).isEqualTo("PONG");
    }

    @Test
    void aStrangerWithTheCaButNoClientCertificateIsRefusedAtOnce(LocalRedis redis, @TempDir Path dir) {
        TestCertificates certs = TestCertificates.make(dir, "127.0.0.1");
        RedisProcess kv = redis.startTlsMaster(LocalServer.REDIS_7_0_15, certs);
        ConnectionSettings stranger = ConnectionSettings.defaults().withTls(certs.trustingTheCa());

        long started = System.nanoTime();
        String reply = RedisHAAssertions.pingWithoutPassword(kv.endpoint(), stranger);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(reply).startsWith("no TLS session without a client certificate (Received fatal alert: ");
        System.out.println("refused in " + took.toMillis() + " ms: " + reply);
        assertThat(RedisHAAssertions.pingWithoutPassword(kv.endpoint(), settings(certs.withClientCertificate())))
                .isEqualTo("PONG");
    }

    @Test
    void settingsNeverShowTheKeyAndRefuseWhatIsNotPem(@TempDir Path dir) throws Exception {
        TestCertificates certs = TestCertificates.make(dir, POD_NAME);
        String key = Files.readString(certs.file("client.key"));
        ConnectionSettings settings = settings(certs.withClientCertificate());

        assertThat(settings.toString())
                .isEqualTo("ConnectionSettings[timeout=PT5S, credentials=none, tls=TlsSettings[ca=set,"
                        + " client certificate=set]]")
                .doesNotContain(key.lines().skip(1).findFirst().orElseThrow());
        assertThatIllegalArgumentException()
                .isThrownBy(() -> TlsSettings.trusting("not a certificate".getBytes(StandardCharsets.US_ASCII)))
                .withMessage("the CA must be PEM (-----BEGIN CERTIFICATE-----) but was 17 bytes without a certificate");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> certs.trustingTheCa().withClientCertificate(Files.readAllBytes(certs.file(
                        "client.crt")), "secret".getBytes(StandardCharsets.US_ASCII)))
                .withMessage("the client key must be an unencrypted PEM key (-----BEGIN PRIVATE KEY-----, RSA PRIVATE"
                        + " KEY or EC PRIVATE KEY) but was 6 bytes without a key")
                .withMessageNotContaining("secret");
    }

    private static ConnectionSettings settings(TlsSettings tls) {
        return ConnectionSettings.of(Duration.ofSeconds(5)).withTls(tls);
    }
}
