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
import org.apiguardian.api.API;

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

    /** TLS as the container is told to speak it; empty when it is not (no {@code tls-port}, or TLS disabled). */
    static Optional<Found> find(ApiValues api, Pod pod, Container container, int declaredPort, List<String> looked) {
        String where = "container " + container.getName() + " in pod " + pod.getMetadata().getName();
        ContainerValues values = new ContainerValues(api, pod, container, where, looked);
        List<String> words = ShellWords.commandLine(container);
        List<RedisConf> configs = new ArrayList<>(MountedConfigs.read(api, pod, container, new ArrayList<>()).all()
                .values());
        boolean envEnabled = ENABLED_ENV.stream().flatMap(name -> values.literal(name).stream())
                .anyMatch(v -> v.equalsIgnoreCase("yes") || v.equalsIgnoreCase("true"));
        Setting setting = name -> option(words, name).map(v -> new Value(v, "--" + name + " on the command line"))
                .or(() -> envEnabled ? ENV.getOrDefault(name, List.of()).stream()
                        .flatMap(env -> values.literal(env).map(v -> new Value(v, "env " + env)).stream())
                        .findFirst() : Optional.empty())
                .or(() -> configs.stream().flatMap(c -> c.value(name).stream()).reduce((a, b) -> b)
                        .map(v -> new Value(v, name + " in the configuration")));
        Optional<Value> tlsPort = setting.get("tls-port").filter(v -> !v.text().equals("0"))
                .or(() -> envEnabled ? Optional.of(new Value(String.valueOf(declaredPort), "env REDIS_TLS_ENABLED"))
                        : Optional.empty());
        if (tlsPort.isEmpty() || !tlsPort.get().text().matches("\\d{1,5}")) {
            return Optional.empty();
        }
        int port = Integer.parseInt(tlsPort.get().text());
        int plaintext = setting.get("port").map(Value::text).filter(v -> v.matches("\\d{1,5}")).map(Integer::parseInt)
                .orElse(envEnabled && port == declaredPort ? 0 : 6379);
        String authClients = setting.get("tls-auth-clients").map(Value::text).orElse("yes").toLowerCase();
        boolean replication = setting.get("tls-replication").map(v -> v.text().equalsIgnoreCase("yes"))
                .orElse(envEnabled);
        Optional<Value> caFile = setting.get("tls-ca-cert-file");
        if (caFile.isEmpty()) {
            looked.add(where + " speaks TLS on port " + port + " but names no tls-ca-cert-file");
            return Optional.empty();
        }
        Optional<ContainerPasswords.Password> ca = values.file(caFile.get().text(), caFile.get().where());
        if (ca.isEmpty()) {
            return Optional.empty();
        }
        TlsSettings settings = TlsSettings.trusting(bytes(ca.get().value()));
        List<String> source = new ArrayList<>(List.of("CA " + ca.get().source()));
        if (!authClients.equals("no")) {
            Optional<Value> certFile = setting.get("tls-client-cert-file").or(() -> setting.get("tls-cert-file"));
            Optional<Value> keyFile = setting.get("tls-client-key-file").or(() -> setting.get("tls-key-file"));
            Optional<ContainerPasswords.Password> cert = certFile.flatMap(f -> values.file(f.text(), f.where()));
            Optional<ContainerPasswords.Password> key = keyFile.flatMap(f -> values.file(f.text(), f.where()));
            if (cert.isPresent() && key.isPresent()) {
                settings = settings.withClientCertificate(bytes(cert.get().value()), bytes(key.get().value()));
                source.add("client certificate " + cert.get().source() + " with its key " + key.get().source());
            } else {
                looked.add(where + " requires client certificates (tls-auth-clients " + authClients + ") but its own"
                        + " certificate and key could not be read through the API");
            }
        }
        return Optional.of(new Found(port, plaintext, authClients, replication, settings, String.join("; ", source)));
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
