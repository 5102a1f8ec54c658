package io.github.redishajunit.internal.readiness;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.github.redishajunit.Endpoint;
import io.github.redishajunit.RedisHACluster;
import io.github.redishajunit.internal.topology.PodNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * A server that speaks TLS although nothing in its pod's spec says so as this library reads it (valkey-helm writes
 * {@code tls-port} into the configuration from a script at start-up): it closes every plaintext connection, and
 * waiting for it to answer would only time out. When a plaintext connection fails, one TLS handshake with the port
 * tells whether it speaks TLS; the handshake only listens for the server's hello (it trusts any certificate, and
 * nothing is sent over it), and when it comes the run ends at once naming the pod, the Secrets it mounts and the
 * options that name the CA.
 */
final class UnseenTls {

    private static final int HANDSHAKE_TIMEOUT_MS = 2000;

    private UnseenTls() {}

    /** Ends the run when {@code node}, spoken to in plaintext, answers a TLS handshake on {@code endpoint}. */
    static void check(PodNode node, String namespace, Endpoint endpoint) {
        if (!speaksTls(endpoint)) {
            return;
        }
        throw new ExtensionConfigurationException("Redis pod " + node.name() + " in namespace " + namespace
                + " speaks TLS on port " + node.address().port() + " (it closes plaintext connections and answers a"
                + " TLS handshake), but nothing in its spec says so as this library reads it (--tls-port on the"
                + " command line, REDIS_TLS_* or VALKEY_TLS_* env, tls-port in a mounted configuration file)"
                + mountedSecrets(node.pod()) + " (fix: name the CA with --tls-ca-secret NAME[:KEY] ("
                + RedisHACluster.TLS_CA_SECRET_KEY + ") or --tls-ca-file PATH, and where the servers require client"
                + " certificates one they accept with --tls-client-secret NAME (" + RedisHACluster.TLS_CLIENT_SECRET_KEY
                + "))");
    }

    /** Whether the server at {@code endpoint} answers a TLS client hello with its own hello. */
    static boolean speaksTls(Endpoint endpoint) {
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), HANDSHAKE_TIMEOUT_MS);
            plain.setSoTimeout(HANDSHAKE_TIMEOUT_MS);
            try (SSLSocket tls = (SSLSocket) listening().getSocketFactory().createSocket(plain, endpoint.host(),
                    endpoint.port(), false)) {
                tls.startHandshake();
                return true;
            }
        } catch (SSLException e) {
            // a server that asks for a certificate we do not present still answered in TLS: its alert says so
            return e.getMessage() != null && e.getMessage().startsWith("Received fatal alert");
        } catch (IOException | GeneralSecurityException e) {
            return false;
        }
    }

    /** A context that accepts any certificate: it only tells whether a server speaks TLS, and carries nothing. */
    private static SSLContext listening() throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        return context;
    }

    /** {@code ; it mounts Secret vt-tls at /tls}, or nothing when it mounts no Secret. */
    private static String mountedSecrets(Pod pod) {
        if (pod == null || pod.getSpec() == null) {
            return "";
        }
        Map<String, String> secrets = Optional.ofNullable(pod.getSpec().getVolumes()).orElse(List.of()).stream()
                .filter(v -> v.getSecret() != null)
                .collect(Collectors.toMap(Volume::getName, v -> v.getSecret().getSecretName(), (a, b) -> a));
        List<String> mounted = pod.getSpec().getContainers().stream()
                .map(Container::getVolumeMounts).filter(m -> m != null).flatMap(List::stream)
                .filter(m -> secrets.containsKey(m.getName()))
                .map(m -> "Secret " + secrets.get(m.getName()) + " at " + m.getMountPath())
                .distinct().toList();
        return mounted.isEmpty() ? "" : "; it mounts " + String.join(", ", mounted);
    }
}
