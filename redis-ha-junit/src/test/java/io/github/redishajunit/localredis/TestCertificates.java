package io.github.redishajunit.localredis;

import io.github.redishajunit.TlsSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A CA, a server certificate for the names given (DNS or IP subject alternative names) and a client certificate, made
 * with the host's {@code openssl} in a directory of their own: what a TLS-only server on loopback and its clients
 * use. Keys are PKCS#8 PEM, as charts' generated ones are.
 */
public record TestCertificates(Path dir, List<String> serverNames) {

    /** Makes them under {@code parent}, the server's certificate covering {@code serverNames}. */
    public static TestCertificates make(Path parent, String... serverNames) {
        return make(parent, 365, serverNames);
    }

    /** As {@link #make}, the server's certificate expired a day ago (valid until the day before it was issued). */
    public static TestCertificates expired(Path parent, String... serverNames) {
        return make(parent, -1, serverNames);
    }

    private static TestCertificates make(Path parent, int serverDays, String... serverNames) {
        try {
            Path dir = Files.createTempDirectory(parent, "tls-");
            openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "365", "-subj", "/CN=test-ca",
                    "-keyout", "ca.key", "-out", "ca.crt");
            List<String> sans = new ArrayList<>();
            for (String name : serverNames) {
                sans.add((name.matches("[0-9.]+|.*:.*") ? "IP:" : "DNS:") + name);
            }
            Files.writeString(dir.resolve("server.ext"), "subjectAltName=" + String.join(",", sans) + "\n");
            issue(dir, "server", "/CN=" + serverNames[0], "server.ext", serverDays);
            Files.writeString(dir.resolve("client.ext"), "extendedKeyUsage=clientAuth\n");
            issue(dir, "client", "/CN=test-client", "client.ext", 365);
            return new TestCertificates(dir, List.of(serverNames));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void issue(Path dir, String name, String subject, String extensions, int days) {
        openssl(dir, "req", "-newkey", "rsa:2048", "-nodes", "-subj", subject, "-keyout", name + ".key",
                "-out", name + ".csr");
        openssl(dir, "x509", "-req", "-in", name + ".csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                "-days", String.valueOf(days), "-extfile", extensions, "-out", name + ".crt");
    }

    private static void openssl(Path dir, String... args) {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("openssl.log").toFile()).start();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within 30 s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited " + process.exitValue() + ": "
                        + Files.readString(dir.resolve("openssl.log")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code openssl ARGS} in their directory (another key or certificate made from them). */
    public void openssl(String... args) {
        openssl(dir, args);
    }

    public Path file(String name) {
        return dir.resolve(name);
    }

    /** The server options of a TLS-only server on {@code port} that requires client certificates. */
    public List<String> serverArgs(int port) {
        return List.of("--port", "0", "--tls-port", String.valueOf(port), "--tls-cert-file", file("server.crt").toString(),
                "--tls-key-file", file("server.key").toString(), "--tls-ca-cert-file", file("ca.crt").toString(),
                "--tls-auth-clients", "yes", "--tls-replication", "yes");
    }

    /** Trusting the CA only, without a client certificate. */
    public TlsSettings trustingTheCa() {
        return TlsSettings.trusting(read("ca.crt"));
    }

    /** Trusting the CA and presenting the client certificate. */
    public TlsSettings withClientCertificate() {
        return trustingTheCa().withClientCertificate(read("client.crt"), read("client.key"));
    }

    private byte[] read(String name) {
        try {
            return Files.readAllBytes(file(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
