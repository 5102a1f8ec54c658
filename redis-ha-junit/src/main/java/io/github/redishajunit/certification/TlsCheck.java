package io.github.redishajunit.certification;

import io.github.redishajunit.Endpoint;
import io.github.redishajunit.HACluster;
import io.github.redishajunit.RedisNode;
import io.github.redishajunit.RedisSentinel;
import io.github.redishajunit.TlsSettings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * TLS as the servers speak it: plaintext refused on every data node and Sentinel (port 0), replication over TLS,
 * the client-certificate policy, and each server's certificate (it chains to the CA found, or no handshake happens):
 * the names it covers against the names the stack hands out (replicas' announced addresses, the master Sentinel
 * names), and the days until it expires. N/A for a stack that speaks no TLS.
 *
 * @param observed what each server said and presented, in one line
 * @param verdict {@code PASS}, {@code WARN}, {@code FAIL} or {@code N/A}
 * @param reason what is wrong (for WARN and FAIL) or why it does not apply
 */
record TlsCheck(String observed, String verdict, String reason) {

    /** Under this, a certificate's remaining life is a warning. */
    static final Duration EXPIRY_WARNING = Duration.ofDays(30);

    /** What one server says of its TLS and presents. */
    record ServerTls(String name, String plaintextPort, Optional<String> replication, Optional<String> authClients,
            Optional<X509Certificate> certificate, Set<String> namesHandedOut) {}

    static TlsCheck run(HACluster cluster) {
        Optional<TlsSettings> tls = cluster.connectionSettings().tls();
        if (tls.isEmpty()) {
            return new TlsCheck("", "N/A", "not applicable: the servers speak no TLS (no tls-port found on the data"
                    + " pods)");
        }
        Map<String, Set<String>> handedOut = namesHandedOut(cluster);
        List<ServerTls> servers = new ArrayList<>();
        for (RedisNode node : cluster.nodes()) {
            Map<String, String> config = node.connection().sync().configGet("port", "tls-replication",
                    "tls-auth-clients");
            servers.add(new ServerTls(node.name(), config.getOrDefault("port", "?"),
                    Optional.ofNullable(config.get("tls-replication")),
                    Optional.ofNullable(config.get("tls-auth-clients")), certificate(tls.get(), node.endpoint()),
                    handedOut.getOrDefault(node.name(), Set.of())));
        }
        for (RedisSentinel sentinel : cluster.sentinels()) {
            // a Sentinel has no CONFIG GET port; INFO says tcp_port, which is the TLS port when plaintext is off
            String tcpPort = sentinel.connection().sync().info("server").lines()
                    .filter(l -> l.startsWith("tcp_port:")).map(l -> l.substring(9).strip()).findFirst().orElse("?");
            String port = tcpPort.equals(String.valueOf(sentinel.address().port())) ? "0" : tcpPort;
            servers.add(new ServerTls("the Sentinel " + sentinel.name(), port, Optional.empty(), Optional.empty(),
                    certificate(tls.get(), sentinel.endpoint()), Set.of()));
        }
        return judge(servers, Instant.now());
    }

    /**
     * The names each data node is handed out by: the address its replicas connect to ({@code master_host}) and the
     * one its master lists it by ({@code slaveN:ip=...}, what it announces).
     */
    private static Map<String, Set<String>> namesHandedOut(HACluster cluster) {
        Map<String, Set<String>> names = new LinkedHashMap<>();
        for (RedisNode node : cluster.nodes()) {
            Map<String, String> fields = new LinkedHashMap<>();
            for (String line : node.info("replication").lines().toList()) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    fields.put(line.substring(0, colon), line.substring(colon + 1).strip());
                }
            }
            Optional.ofNullable(fields.get("master_host")).ifPresent(host -> handedOut(cluster, names, host,
                    fields.getOrDefault("master_port", "0")));
            fields.forEach((key, value) -> {
                if (key.matches("slave\\d+") && value.startsWith("ip=")) {
                    String host = value.replaceFirst("ip=([^,]*),.*", "$1");
                    handedOut(cluster, names, host, value.replaceFirst(".*,port=(\\d+).*", "$1"));
                }
            });
        }
        return names;
    }

    /** Records {@code host} for the node it is (by its pod name, address or a Service to it). */
    private static void handedOut(HACluster cluster, Map<String, Set<String>> names, String host, String port) {
        int number = port.matches("\\d{1,5}") ? Integer.parseInt(port) : 0;
        cluster.nodes().stream().filter(node -> host.split("\\.", 2)[0].equals(node.name())
                || node.isAt(host, number)).findFirst()
                .ifPresent(node -> names.computeIfAbsent(node.name(), n -> new TreeSet<>()).add(host));
    }

    /** The certificate the server at {@code endpoint} presents (its name sent as SNI), empty when none came. */
    private static Optional<X509Certificate> certificate(TlsSettings tls, Endpoint endpoint) {
        try (SSLSocket socket = (SSLSocket) tls.sslContext().getSocketFactory().createSocket()) {
            socket.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), 5_000);
            socket.setSoTimeout(5_000);
            SSLParameters parameters = socket.getSSLParameters();
            endpoint.serverName().ifPresent(name -> parameters.setServerNames(List.of(new SNIHostName(name))));
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            return Optional.of((X509Certificate) socket.getSession().getPeerCertificates()[0]);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The verdict on what {@code servers} said and presented, at {@code now}. */
    static TlsCheck judge(List<ServerTls> servers, Instant now) {
        List<String> lines = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        // data nodes (the ones with a tls-replication setting) that all serve TLS only
        boolean tlsOnly = servers.stream().filter(server -> server.replication().isPresent())
                .allMatch(server -> server.plaintextPort().equals("0"));
        for (ServerTls server : servers) {
            List<String> facts = new ArrayList<>();
            facts.add(server.plaintextPort().equals("0") ? "plaintext off" : "plaintext on port " + server.plaintextPort());
            if (!server.plaintextPort().equals("0")) {
                warnings.add(server.name() + " also answers plaintext on port " + server.plaintextPort()
                        + " (port 0 turns it off)");
            }
            server.replication().ifPresent(r -> {
                facts.add("tls-replication " + r);
                if (!r.equalsIgnoreCase("yes")) {
                    warnings.add(server.name() + (tlsOnly ? " has tls-replication " + r + ": were it to become a"
                            + " replica it could not replicate, since every data node serves TLS only"
                            : " replicates in plaintext (tls-replication " + r + "): a replica it becomes sends and"
                            + " receives the data unencrypted"));
                }
            });
            server.authClients().ifPresent(a -> facts.add("client certificates " + a));
            if (server.certificate().isEmpty()) {
                failures.add(server.name() + " presented no certificate that chains to the CA found");
            }
            server.certificate().ifPresent(certificate -> {
                long days = Duration.between(now, certificate.getNotAfter().toInstant()).toDays();
                facts.add("certificate " + subject(certificate) + ", expires " + certificate.getNotAfter()
                        .toInstant() + " (" + days + " days)");
                if (certificate.getNotAfter().toInstant().isBefore(now)) {
                    failures.add(server.name() + "'s certificate expired on " + certificate.getNotAfter().toInstant());
                } else if (Duration.between(now, certificate.getNotAfter().toInstant()).compareTo(EXPIRY_WARNING) < 0) {
                    warnings.add(server.name() + "'s certificate expires in " + days + (days == 1 ? " day (" : " days (")
                            + certificate.getNotAfter().toInstant() + "): renew it");
                }
                List<String> uncovered = server.namesHandedOut().stream().sorted().filter(n -> !covers(certificate, n))
                        .toList();
                int covered = server.namesHandedOut().size() - uncovered.size();
                if (covered > 0) {
                    facts.add("covers the " + covered + (covered == 1 ? " name" : " names") + " handed out for it");
                }
                if (!uncovered.isEmpty()) {
                    warnings.add(server.name() + "'s certificate does not cover " + String.join(", ", uncovered)
                            + ", which the stack hands out (its names: " + String.join(", ", names(certificate))
                            + "): a client that checks names cannot connect by it");
                }
            });
            lines.add(server.name() + " " + String.join(", ", facts));
        }
        String observed = String.join("; ", lines);
        if (!failures.isEmpty()) {
            return new TlsCheck(observed, "FAIL", String.join("; ", failures));
        }
        if (!warnings.isEmpty()) {
            return new TlsCheck(observed, "WARN", String.join("; ", warnings));
        }
        return new TlsCheck(observed, "PASS", "");
    }

    private static String subject(X509Certificate certificate) {
        return certificate.getSubjectX500Principal().getName();
    }

    /** The certificate's DNS and IP names (subject alternative names). */
    static List<String> names(X509Certificate certificate) {
        try {
            Collection<List<?>> sans = certificate.getSubjectAlternativeNames();
            return sans == null ? List.of() : sans.stream().filter(s -> s.size() > 1 && (Integer.valueOf(2)
                    .equals(s.get(0)) || Integer.valueOf(7).equals(s.get(0)))).map(s -> String.valueOf(s.get(1)))
                    .toList();
        } catch (CertificateParsingException e) {
            return List.of();
        }
    }

    /** Whether {@code name} is one of the certificate's names, a {@code *.} name matching one label. */
    static boolean covers(X509Certificate certificate, String name) {
        String wanted = name.toLowerCase(Locale.ROOT);
        for (String san : names(certificate)) {
            String have = san.toLowerCase(Locale.ROOT);
            if (have.equals(wanted) || have.startsWith("*.") && wanted.indexOf('.') > 0
                    && wanted.substring(wanted.indexOf('.')).equals(have.substring(1))) {
                return true;
            }
        }
        return false;
    }
}
