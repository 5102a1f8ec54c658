package io.github.redishajunit;

import static java.util.Objects.requireNonNull;

import io.lettuce.core.SslOptions;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import javax.net.ssl.SSLContext;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * How this library speaks TLS to servers that require it: the CA their certificates chain to, and the client
 * certificate and key it presents where the servers ask for one ({@code tls-auth-clients yes}). Every connection
 * checks the server's name against its certificate: the name of the {@link Endpoint} ({@link Endpoint#serverName()},
 * a pod's own DNS name where the connection goes through a port-forward), never the forward's local address; a
 * name the certificate does not cover fails the handshake.
 *
 * <p>The key is held as given and never shown: {@link #toString()} names what is set, not what it is.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public final class TlsSettings {

    private final byte[] caPem;
    private final Optional<byte[]> clientCertificatePem;
    private final Optional<byte[]> clientKeyPem;

    private TlsSettings(byte[] caPem, Optional<byte[]> clientCertificatePem, Optional<byte[]> clientKeyPem) {
        this.caPem = caPem;
        this.clientCertificatePem = clientCertificatePem;
        this.clientKeyPem = clientKeyPem;
    }

    /** Trusts the certificates (PEM) in {@code caPem}, and no other; presents no client certificate. */
    public static TlsSettings trusting(byte[] caPem) {
        requireNonNull(caPem, "caPem");
        if (!new String(caPem, StandardCharsets.US_ASCII).contains("-----BEGIN CERTIFICATE-----")) {
            throw new IllegalArgumentException("the CA must be PEM (-----BEGIN CERTIFICATE-----) but was "
                    + caPem.length + " bytes without a certificate");
        }
        return new TlsSettings(caPem.clone(), Optional.empty(), Optional.empty());
    }

    /**
     * These settings, presenting {@code certificatePem} with its {@code keyPem} to servers: an unencrypted PEM key,
     * PKCS#8 ({@code BEGIN PRIVATE KEY}), PKCS#1 RSA ({@code BEGIN RSA PRIVATE KEY}, as Helm's {@code genSignedCert}
     * writes it) or SEC1 EC ({@code BEGIN EC PRIVATE KEY}, cert-manager's default encoding).
     */
    public TlsSettings withClientCertificate(byte[] certificatePem, byte[] keyPem) {
        requireNonNull(certificatePem, "certificatePem");
        requireNonNull(keyPem, "keyPem");
        byte[] pkcs8 = PrivateKeyPem.pkcs8(keyPem).orElseThrow(() -> new IllegalArgumentException("the client key"
                + " must be an unencrypted PEM key (-----BEGIN PRIVATE KEY-----, RSA PRIVATE KEY or EC PRIVATE KEY)"
                + " but was " + keyPem.length + " bytes " + (new String(keyPem, StandardCharsets.US_ASCII)
                        .contains("ENCRYPTED") ? "of an encrypted key (decrypt it: openssl pkey -in KEY -out PLAIN)"
                        : "without a key")));
        return new TlsSettings(caPem, Optional.of(certificatePem.clone()), Optional.of(pkcs8));
    }

    /** The CA, PEM, as given (a user configures their own client with it). */
    public byte[] caPem() {
        return caPem.clone();
    }

    /** Whether a client certificate is presented. */
    public boolean presentsClientCertificate() {
        return clientCertificatePem.isPresent();
    }

    /**
     * A JDK {@link SSLContext} that trusts the CA only and presents the client certificate where one is set: for a
     * client other than Lettuce (the name check is the client's to turn on: {@code HTTPS} endpoint identification).
     */
    public SSLContext sslContext() {
        try {
            SslContext netty = sslOptions().createSslContextBuilder().build();
            return ((JdkSslContext) netty).context();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the TLS material of " + this, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the TLS material of " + this + " is not usable: " + e.getMessage(), e);
        }
    }

    /** Lettuce's options for these settings: the CA as the only trust, the client certificate where one is set. */
    SslOptions sslOptions() {
        SslOptions.Builder options = SslOptions.builder().jdkSslProvider()
                .trustManager(resource(() -> new ByteArrayInputStream(caPem)));
        if (clientCertificatePem.isPresent() && clientKeyPem.isPresent()) {
            byte[] certificate = clientCertificatePem.get();
            byte[] key = clientKeyPem.get();
            options.keyManager(resource(() -> new ByteArrayInputStream(certificate)),
                    resource(() -> new ByteArrayInputStream(key)), null);
        }
        return options.build();
    }

    private static SslOptions.Resource resource(SslOptions.Resource pem) {
        return pem;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TlsSettings that && Arrays.equals(caPem, that.caPem)
                && Arrays.equals(clientCertificatePem.orElse(null), that.clientCertificatePem.orElse(null))
                && Arrays.equals(clientKeyPem.orElse(null), that.clientKeyPem.orElse(null));
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(caPem);
    }

    /** Never shows a key: {@code TlsSettings[ca=set, client certificate=set]}. */
    @Override
    public String toString() {
        return "TlsSettings[ca=set, client certificate=" + (presentsClientCertificate() ? "set" : "none") + "]";
    }
}
