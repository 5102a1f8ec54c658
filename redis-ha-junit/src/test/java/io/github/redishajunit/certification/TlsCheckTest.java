package io.github.redishajunit.certification;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redishajunit.localredis.TestCertificates;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TLS step's verdict on what servers said and presented: real certificates (openssl), judged at chosen instants,
 * so that an expired or expiring one needs no clock of its own.
 */
class TlsCheckTest {

    private static final String NODE_0 = "kv-0.kv-headless.shop.svc.cluster.local";

    @TempDir
    static Path dir;

    private static X509Certificate certificate;

    @BeforeAll
    static void certificates() throws Exception {
        TestCertificates certs = TestCertificates.make(dir, "*.kv-headless.shop.svc.cluster.local", "10.1.2.3");
        try (InputStream in = Files.newInputStream(certs.file("server.crt"))) {
            certificate = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private static TlsCheck.ServerTls server(String name, String port, Set<String> handedOut) {
        return new TlsCheck.ServerTls(name, port, Optional.of("yes"), Optional.of("yes"), Optional.of(certificate),
                handedOut);
    }

    @Test
    void tlsOnlyWithCertificatesThatCoverEveryNameHandedOutPasses() {
        TlsCheck check = TlsCheck.judge(List.of(server("kv-0", "0", Set.of(NODE_0, "10.1.2.3"))), Instant.now());

        assertThat(check.verdict()).isEqualTo("PASS");
        assertThat(check.observed()).startsWith("kv-0 plaintext off, tls-replication yes, client certificates yes,"
                + " certificate CN=*.kv-headless.shop.svc.cluster.local, expires ")
                .endsWith(" days), covers the 2 names handed out for it");
    }

    @Test
    void aPlaintextPortStillOpenAndReplicationInPlaintextAreWarnings() {
        TlsCheck check = TlsCheck.judge(List.of(new TlsCheck.ServerTls("kv-1", "6379", Optional.of("no"),
                Optional.of("optional"), Optional.of(certificate), Set.of())), Instant.now());

        assertThat(check.verdict()).isEqualTo("WARN");
        assertThat(check.reason()).isEqualTo("kv-1 also answers plaintext on port 6379 (port 0 turns it off); kv-1"
                + " replicates in plaintext (tls-replication no): a replica it becomes sends and receives the data"
                + " unencrypted");
    }

    @Test
    void withEveryDataNodeTlsOnlyAMasterWithoutTlsReplicationCouldNotReplicate() {
        // valkey-helm: tls-replication yes on the replicas only
        TlsCheck check = TlsCheck.judge(List.of(new TlsCheck.ServerTls("vt-0", "0", Optional.of("no"),
                Optional.of("no"), Optional.of(certificate), Set.of()), server("vt-1", "0", Set.of())), Instant.now());

        assertThat(check.verdict()).isEqualTo("WARN");
        assertThat(check.reason()).isEqualTo("vt-0 has tls-replication no: were it to become a replica it could not"
                + " replicate, since every data node serves TLS only");
    }

    @Test
    void aNameHandedOutThatTheCertificateDoesNotCoverIsNamed() {
        TlsCheck check = TlsCheck.judge(List.of(server("kv-0", "0", Set.of(NODE_0, "kv-0.kv.shop.svc", "10.9.9.9"))),
                Instant.now());

        assertThat(check.verdict()).isEqualTo("WARN");
        assertThat(check.reason()).isEqualTo("kv-0's certificate does not cover 10.9.9.9, kv-0.kv.shop.svc, which the"
                + " stack hands out (its names: *.kv-headless.shop.svc.cluster.local, 10.1.2.3): a client that checks"
                + " names cannot connect by it");
    }

    @Test
    void anExpiredCertificateFailsAndOneAboutToExpireWarns() {
        Instant notAfter = certificate.getNotAfter().toInstant();

        TlsCheck expired = TlsCheck.judge(List.of(server("kv-0", "0", Set.of())), notAfter.plus(Duration.ofDays(1)));
        TlsCheck expiring = TlsCheck.judge(List.of(server("kv-0", "0", Set.of())), notAfter.minus(Duration.ofDays(10)));

        assertThat(expired.verdict()).isEqualTo("FAIL");
        assertThat(expired.reason()).isEqualTo("kv-0's certificate expired on " + notAfter);
        assertThat(expiring.verdict()).isEqualTo("WARN");
        assertThat(expiring.reason()).isEqualTo("kv-0's certificate expires in 10 days (" + notAfter + "): renew it");
    }

    @Test
    void aServerWithoutACertificateFromTheCaFails() {
        TlsCheck check = TlsCheck.judge(List.of(new TlsCheck.ServerTls("the Sentinel kv-2", "0", Optional.empty(),
                Optional.empty(), Optional.empty(), Set.of())), Instant.now());

        assertThat(check.verdict()).isEqualTo("FAIL");
        assertThat(check.reason()).isEqualTo("the Sentinel kv-2 presented no certificate that chains to the CA found");
    }
}
