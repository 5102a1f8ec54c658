package io.github.redishajunit.internal.credentials;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.github.redishajunit.TlsSettings;
import io.github.redishajunit.internal.discovery.ShellWords;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * Whether one Redis or Valkey container speaks TLS, and the material to speak it with, found the way its password is:
 * from its own spec and the files it mounts, through the API only. A setting is read from the command line (which
 * wins in Redis), else the chart's environment ({@code REDIS_TLS_*}, Bitnami's), else the configuration files the
 * server reads. The CA is read from the file {@code tls-ca-cert-file} names; where clients must present a certificate
 * ({@code tls-auth-clients} not {@code no}), the one the server itself uses for replication ({@code
 * tls-client-cert-file}, else {@code tls-cert-file}) with its key. Keys never leave {@link TlsSettings}; the source
 * names the Secret keys only.
 */
@API(status = API.Status.INTERNAL)
public final class ContainerTls {

    /**
     * @param port the TLS port
     * @param plaintextPort the plaintext port, 0 when it is off
     * @param authClients {@code tls-auth-clients}: yes (the default), optional or no
     * @param replication whether replication speaks TLS ({@code tls-replication})
     * @param settings the CA, and the client certificate where one is needed
     * @param source where each was found, for progress lines and messages
     */
    public record Found(int port, int plaintextPort, String authClients, boolean replication, TlsSettings settings,
            String source) {}

    private static final Map<String, List<String>> ENV = Map.of(
            "tls-port", List.of("REDIS_TLS_PORT_NUMBER", "REDIS_TLS_PORT", "VALKEY_TLS_PORT_NUMBER", "VALKEY_TLS_PORT"),
            "tls-cert-file", List.of("REDIS_TLS_CERT_FILE", "VALKEY_TLS_CERT_FILE"),
            "tls-key-file", List.of("REDIS_TLS_KEY_FILE", "VALKEY_TLS_KEY_FILE"),
            "tls-ca-cert-file", List.of("REDIS_TLS_CA_FILE", "VALKEY_TLS_CA_FILE"),
            "tls-auth-clients", List.of("REDIS_TLS_AUTH_CLIENTS", "VALKEY_TLS_AUTH_CLIENTS"));
    private static final List<String> ENABLED_ENV = List.of("REDIS_TLS_ENABLED", "VALKEY_TLS_ENABLED");

    private ContainerTls() {}

    /**
     * TLS as the container is told to speak it, with the material {@code given} names in place of what its files
     * hold; empty when it speaks no TLS (no {@code tls-port}, or TLS disabled) and {@code given} names no CA. A CA
     * given for a container whose spec names no TLS means TLS on its declared port.
     *
     * @throws ExtensionConfigurationException when it speaks TLS but its CA, or the client certificate it requires,
     *     can be read neither through the API nor from what {@code given} names
     */
    static Optional<Found> find(ApiValues api, Pod pod, Container container, int declaredPort, GivenTls given) {
        String where = "container " + container.getName() + " in pod " + pod.getMetadata().getName();
        List<String> looked = new ArrayList<>();
        ContainerValues values = new ContainerValues(api, pod, container, where, looked);
        Setting setting = settings(api, pod, container, values);
        boolean envEnabled = envEnabled(values);
        Optional<Value> tlsPort = setting.get("tls-port").filter(v -> !v.text().equals("0"))
                .or(() -> envEnabled ? Optional.of(new Value(String.valueOf(declaredPort), "env REDIS_TLS_ENABLED"))
                        : Optional.empty());
        Optional<GivenTls.Pem> givenCa = given.ca(api);
        Optional<GivenTls.Client> givenClient = given.client(api);
        if (tlsPort.isEmpty() || !tlsPort.get().text().matches("\\d{1,5}")) {
            return givenCa.map(ca -> new Found(declaredPort, 0, "as the servers ask", false,
                    settings(ca, givenClient), "TLS on port " + declaredPort + " as the options say (" + where
                    + " names no tls-port); CA " + ca.source() + givenClient.map(ContainerTls::clientSource)
                    .orElse("")));
        }
        int port = Integer.parseInt(tlsPort.get().text());
        int plaintext = setting.get("port").map(Value::text).filter(v -> v.matches("\\d{1,5}")).map(Integer::parseInt)
                .orElse(envEnabled && port == declaredPort ? 0 : 6379);
        String authClients = setting.get("tls-auth-clients").map(Value::text).orElse("yes").toLowerCase();
        boolean replication = setting.get("tls-replication").map(v -> v.text().equalsIgnoreCase("yes"))
                .orElse(envEnabled);
        String speaks = where + " speaks TLS on port " + port + " (" + tlsPort.get().where() + ")";
        Optional<Value> caFile = setting.get("tls-ca-cert-file");
        GivenTls.Pem ca = givenCa.or(() -> pem(values, caFile))
                .orElseThrow(() -> new ExtensionConfigurationException("@RedisHACluster cannot find the CA to trust: "
                        + speaks + " but " + (caFile.isEmpty() ? "names no tls-ca-cert-file" : "its CA could not be read through"
                        + " the API: " + String.join("; ", looked)) + " (fix: name the CA with " + GivenTls.CA_OPTIONS
                        + ")"));
        Optional<GivenTls.Client> client = givenClient;
        if (client.isEmpty() && !authClients.equals("no")) {
            Optional<Value> certFile = setting.get("tls-client-cert-file").or(() -> setting.get("tls-cert-file"));
            Optional<Value> keyFile = setting.get("tls-client-key-file").or(() -> setting.get("tls-key-file"));
            Optional<GivenTls.Pem> cert = pem(values, certFile);
            Optional<GivenTls.Pem> key = pem(values, keyFile);
            client = cert.flatMap(c -> key.map(k -> new GivenTls.Client(c, k)));
            if (client.isEmpty() && authClients.equals("yes")) {
                throw new ExtensionConfigurationException("@RedisHACluster cannot find a client certificate: "
                        + speaks + " and requires one (tls-auth-clients yes), but its own certificate and key could"
                        + " not be read through the API (fix: name one the servers accept with "
                        + GivenTls.CLIENT_OPTIONS + ")");
            }
        }
        return Optional.of(new Found(port, plaintext, authClients, replication, settings(ca, client),
                "CA " + ca.source() + client.map(ContainerTls::clientSource).orElse("")));
    }

    /**
     * The TLS port a container's server names beside its plaintext one ({@code tls-port} on its command line or in
     * its configuration files), 0 when it names none: a redis-ha Sentinel serves plaintext on 26379 and TLS on its
     * {@code tls-port}.
     */
    static int separateTlsPort(ApiValues api, Pod pod, Container container, int declaredPort) {
        ContainerValues values = new ContainerValues(api, pod, container, "container " + container.getName()
                + " in pod " + pod.getMetadata().getName(), new ArrayList<>());
        return settings(api, pod, container, values).get("tls-port").map(Value::text).filter(v -> v.matches(
                "\\d{1,5}")).map(Integer::parseInt).filter(port -> port != declaredPort).orElse(0);
    }

    /**
     * Where a setting is read: the command line (which wins in Redis), else the chart's env where env enables TLS,
     * else the configuration files.
     */
    private static Setting settings(ApiValues api, Pod pod, Container container, ContainerValues values) {
        List<String> words = ShellWords.commandLine(container);
        List<RedisConf> configs = new ArrayList<>(MountedConfigs.read(api, pod, container, new ArrayList<>()).all()
                .values());
        boolean envEnabled = envEnabled(values);
        return name -> option(words, name).map(v -> new Value(v, "--" + name + " on the command line"))
                .or(() -> envEnabled ? ENV.getOrDefault(name, List.of()).stream()
                        .flatMap(env -> values.literal(env).map(v -> new Value(v, "env " + env)).stream())
                        .findFirst() : Optional.empty())
                .or(() -> configs.stream().flatMap(c -> c.value(name).stream()).reduce((a, b) -> b)
                        .map(v -> new Value(v, name + " in the configuration")));
    }

    private static boolean envEnabled(ContainerValues values) {
        return ENABLED_ENV.stream().flatMap(name -> values.literal(name).stream())
                .anyMatch(v -> v.equalsIgnoreCase("yes") || v.equalsIgnoreCase("true"));
    }

    private static TlsSettings settings(GivenTls.Pem ca, Optional<GivenTls.Client> client) {
        TlsSettings trusting = usable(() -> TlsSettings.trusting(ca.bytes()), "the CA from " + ca.source());
        return client.map(c -> usable(() -> trusting.withClientCertificate(c.certificate().bytes(), c.key().bytes()),
                "the client key from " + c.key().source())).orElse(trusting);
    }

    private static TlsSettings usable(Supplier<TlsSettings> settings, String what) {
        try {
            return settings.get();
        } catch (IllegalArgumentException e) {
            throw new ExtensionConfigurationException("@RedisHACluster cannot use " + what + ": " + e.getMessage()
                    + " (fix: name a PEM certificate and its unencrypted PEM key)");
        }
    }

    /** The PEM file a setting names, read through the API; empty when none is named or it cannot be read. */
    private static Optional<GivenTls.Pem> pem(ContainerValues values, Optional<Value> file) {
        return file.flatMap(f -> values.file(f.text(), f.where()))
                .map(pem -> new GivenTls.Pem(bytes(pem.value()), pem.source()));
    }

    private static String clientSource(GivenTls.Client client) {
        return "; client certificate " + client.certificate().source() + " with its key " + client.key().source();
    }

    private record Value(String text, String where) {}

    private interface Setting {
        Optional<Value> get(String name);
    }

    /** {@code --name value} on the command line, the last one winning. */
    private static Optional<String> option(List<String> words, String name) {
        String flag = "--" + name;
        Optional<String> found = Optional.empty();
        for (int i = 0; i + 1 < words.size(); i++) {
            if (words.get(i).equals(flag)) {
                found = Optional.of(words.get(i + 1));
            }
        }
        return found;
    }

    private static byte[] bytes(char[] pem) {
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(pem));
        Arrays.fill(pem, '\0');
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        Arrays.fill(encoded.array(), (byte) 0);
        return bytes;
    }
}
