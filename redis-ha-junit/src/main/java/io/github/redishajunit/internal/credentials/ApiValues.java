package io.github.redishajunit.internal.credentials;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * The keys of the Secrets and ConfigMaps of one namespace, read through the API server, each object at most once
 * per search. A Secret's value comes back as {@code char[]}; a Secret this user may not read fails at once, naming
 * the Secret, what pointed at it and the fix (a search that went on without it would end in a NOAUTH that says
 * less).
 */
final class ApiValues {

    private final KubernetesClient client;
    private final String namespace;
    private final Map<String, Optional<Map<String, byte[]>>> read = new HashMap<>();

    ApiValues(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    String namespace() {
        return namespace;
    }

    /** The object's keys and values, empty when it does not exist. {@code why} names what pointed at it. */
    Optional<Map<String, byte[]>> keys(MountedFile.Kind kind, String name, String why) {
        return read.computeIfAbsent(kind + "/" + name, k -> load(kind, name, why));
    }

    /** One key's value as characters, as an env var's {@code secretKeyRef} gives it. */
    Optional<char[]> value(MountedFile.Kind kind, String name, String key, String why) {
        return keys(kind, name, why).map(data -> data.get(key)).map(bytes -> chars(bytes, bytes.length));
    }

    /** One key's value as a start script reads it from a file: {@code $(cat file)} drops trailing line ends. */
    Optional<char[]> fileValue(MountedFile.Kind kind, String name, String key, String why) {
        return keys(kind, name, why).map(data -> data.get(key)).map(bytes -> {
            int end = bytes.length;
            while (end > 0 && (bytes[end - 1] == '\n' || bytes[end - 1] == '\r')) {
                end--;
            }
            return chars(bytes, end);
        });
    }

    /** One key's value as text (a configuration file). */
    Optional<String> text(MountedFile.Kind kind, String name, String key, String why) {
        return keys(kind, name, why).map(data -> data.get(key))
                .map(bytes -> new String(bytes, StandardCharsets.UTF_8));
    }

    private Optional<Map<String, byte[]>> load(MountedFile.Kind kind, String name, String why) {
        HasMetadata object = get(kind == MountedFile.Kind.SECRET
                ? () -> client.secrets().inNamespace(namespace).withName(name).get()
                : () -> client.configMaps().inNamespace(namespace).withName(name).get(), kind, name, why);
        Map<String, byte[]> data = new TreeMap<>();
        if (object instanceof Secret secret) {
            // the API server returns data (base64) only; stringData (plain) is what a client may have written
            Optional.ofNullable(secret.getData()).orElse(Map.of())
                    .forEach((k, v) -> data.put(k, Base64.getDecoder().decode(v)));
            Optional.ofNullable(secret.getStringData()).orElse(Map.of())
                    .forEach((k, v) -> data.putIfAbsent(k, v.getBytes(StandardCharsets.UTF_8)));
        } else if (object instanceof ConfigMap configMap) {
            Optional.ofNullable(configMap.getData()).orElse(Map.of())
                    .forEach((k, v) -> data.put(k, v.getBytes(StandardCharsets.UTF_8)));
            Optional.ofNullable(configMap.getBinaryData()).orElse(Map.of())
                    .forEach((k, v) -> data.putIfAbsent(k, Base64.getDecoder().decode(v)));
        } else {
            return Optional.empty();
        }
        return Optional.of(data);
    }

    private HasMetadata get(Supplier<HasMetadata> request, MountedFile.Kind kind, String name, String why) {
        try {
            return request.get();
        } catch (KubernetesClientException e) {
            if (e.getCode() == HttpURLConnection.HTTP_FORBIDDEN) {
                throw new ExtensionConfigurationException("@RedisHACluster cannot read " + kind.label + " " + name
                        + " in namespace " + namespace + " (named by " + why + "): forbidden (fix: grant this user"
                        + " 'get' on " + (kind == MountedFile.Kind.SECRET ? "secrets" : "configmaps") + " there, or"
                        + " give the password with --password-env VAR)", e);
            }
            throw e;
        }
    }

    private static char[] chars(byte[] bytes, int end) {
        CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(bytes, 0, end));
        char[] value = Arrays.copyOf(chars.array(), chars.limit());
        Arrays.fill(chars.array(), '\0');
        return value;
    }
}
