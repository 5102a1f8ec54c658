package io.github.redishajunit.internal.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.redishajunit.ConnectionSettings;
import io.github.redishajunit.localredis.LocalRedis;
import io.github.redishajunit.localredis.LocalRedisExtension;
import io.github.redishajunit.localredis.LocalServer;
import io.github.redishajunit.localredis.RedisProcess;
import io.github.redishajunit.localredis.TestCertificates;
import io.lettuce.core.RedisConnectionException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The certificates a TLS stack is provisioned with, judged by the parties that use them: the JDK's certificate
 * parser and path checks, OpenSSL's {@code verify}, and Redis 7.0, 8.0 and Valkey 8.1 servers that present the
 * certificate and require it of their clients.
 */
@ExtendWith(LocalRedisExtension.class)
class StackCertificatesTest {

    private static final List<String> NAMES = List.of("redis-master", "*.redis-headless.shop.svc.cluster.local",
            "localhost", "127.0.0.1");

    @Test
    void theCertificateChainsToTheCaAndNamesEveryNameForServerAndClient(@TempDir Path dir) throws Exception {
        StackCertificates made = StackCertificates.issue("redis-ha-junit CA shop", NAMES);
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        X509Certificate ca = (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(made.caPem()));
        X509Certificate server = (X509Certificate) factory.generateCertificate(
                new ByteArrayInputStream(made.certificatePem()));

        server.verify(ca.getPublicKey());
        ca.verify(ca.getPublicKey());
        assertThat(ca.getBasicConstraints()).isEqualTo(Integer.MAX_VALUE);
        assertThat(server.getBasicConstraints()).isEqualTo(-1);
        assertThat(server.getSubjectX500Principal().getName()).isEqualTo("CN=redis-master");
        assertThat(server.getIssuerX500Principal()).isEqualTo(ca.getSubjectX500Principal());
        assertThat(server.getSubjectAlternativeNames()).extracting(entry -> (Object) entry.get(1)).containsExactly(
                "redis-master", "*.redis-headless.shop.svc.cluster.local", "localhost", "127.0.0.1");
        assertThat(server.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
        assertThat(server.getNotAfter().toInstant()).isAfter(Instant.now().plus(Duration.ofDays(364)));
        assertThat(new String(made.keyPem(), StandardCharsets.US_ASCII)).startsWith("-----BEGIN PRIVATE KEY-----\n");
        assertThat(made.toString()).isEqualTo("StackCertificates[ca=set, certificate=set, key=set]");

        Files.write(dir.resolve("ca.crt"), made.caPem());
        Files.write(dir.resolve("server.crt"), made.certificatePem());
        Process verify = new ProcessBuilder("openssl", "verify", "-x509_strict", "-purpose", "sslserver", "-CAfile",
                "ca.crt", "server.crt").directory(dir.toFile()).redirectErrorStream(true).start();
        assertThat(verify.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(
                "server.crt: OK\n");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(LocalServer.class)
    void aServerPresentsItAndAcceptsItFromAClientUnderEveryNameItCovers(LocalServer server, LocalRedis redis,
            @TempDir Path dir) throws Exception {
        StackCertificates made = StackCertificates.issue("redis-ha-junit CA shop", NAMES);
        Files.write(dir.resolve("ca.crt"), made.caPem());
        for (String role : List.of("server", "client")) {
            Files.write(dir.resolve(role + ".crt"), made.certificatePem());
            Files.write(dir.resolve(role + ".key"), made.keyPem());
        }
        TestCertificates certs = new TestCertificates(dir, NAMES);
        RedisProcess kv = redis.startTlsMaster(server, certs);
        ConnectionSettings settings = ConnectionSettings.of(Duration.ofSeconds(5))
                .withTls(certs.withClientCertificate());

        assertThat(LocalRedis.ping(settings, kv.endpoint())).isEqualTo("PONG");
        assertThat(LocalRedis.ping(settings,
                kv.endpoint().withServerName("redis-slave-1.redis-headless.shop.svc.cluster.local")))
                .isEqualTo("PONG");
        assertThatThrownBy(() -> LocalRedis.ping(settings, kv.endpoint().withServerName("redis-slave-1.other.shop.svc")))
                .isInstanceOf(RedisConnectionException.class)
                .rootCause().hasMessageContaining("No subject alternative DNS name matching");
    }
}
