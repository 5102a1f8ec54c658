package io.github.redishajunit.internal.credentials;

import io.fabric8.kubernetes.api.model.ConfigMapKeySelector;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.github.redishajunit.internal.credentials.ContainerPasswords.Password;
import java.util.List;
import java.util.Optional;

/**
 * The values one container's env and mounted files hold, read through the API only: an env variable's value, the
 * {@code secretKeyRef}, {@code configMapKeyRef} or {@code envFrom} key behind it, and a file followed to the Secret or
 * ConfigMap key mounted there ({@link MountedFile}). What is missing, or only an exec could read, is added to
 * {@code looked}; a value never is.
 */
final class ContainerValues {

    private final ApiValues api;
    private final Pod pod;
    private final Container container;
    private final String where;
    private final List<String> looked;

    ContainerValues(ApiValues api, Pod pod, Container container, String where, List<String> looked) {
        this.api = api;
        this.pod = pod;
        this.container = container;
        this.where = where;
        this.looked = looked;
    }

    /** The first of {@code names} the container's env sets: a value, a key reference, or an {@code envFrom} key. */
    Optional<Password> env(List<String> names) {
        for (String name : names) {
            String source = "env " + name + " of " + where;
            Optional<EnvVar> declared = vars().stream().filter(e -> name.equals(e.getName())).findFirst();
            if (declared.isPresent()) {
                EnvVar var = declared.get();
                if (var.getValue() != null && !var.getValue().isEmpty()) {
                    return Optional.of(new Password(var.getValue().toCharArray(), source));
                }
                SecretKeySelector secret = var.getValueFrom() == null ? null : var.getValueFrom().getSecretKeyRef();
                ConfigMapKeySelector configMap = var.getValueFrom() == null ? null
                        : var.getValueFrom().getConfigMapKeyRef();
                if (secret != null) {
                    return key(MountedFile.Kind.SECRET, secret.getName(), secret.getKey(), source, false);
                }
                if (configMap != null) {
                    return key(MountedFile.Kind.CONFIG_MAP, configMap.getName(), configMap.getKey(), source, false);
                }
                continue;
            }
            for (EnvFromSource from : Optional.ofNullable(container.getEnvFrom()).orElse(List.of())) {
                String prefix = Optional.ofNullable(from.getPrefix()).orElse("");
                if (!name.startsWith(prefix)) {
                    continue;
                }
                String key = name.substring(prefix.length());
                MountedFile.Kind kind = from.getSecretRef() != null ? MountedFile.Kind.SECRET
                        : MountedFile.Kind.CONFIG_MAP;
                String object = from.getSecretRef() != null ? from.getSecretRef().getName()
                        : from.getConfigMapRef() != null ? from.getConfigMapRef().getName() : null;
                if (object != null && api.keys(kind, object, "envFrom of " + where).map(k -> k.containsKey(key))
                        .orElse(false)) {
                    return key(kind, object, key, source + " (envFrom)", false);
                }
            }
        }
        return Optional.empty();
    }

    /** An env var's plain value (a path, say), without reading anything. */
    Optional<String> literal(String name) {
        return vars().stream().filter(e -> name.equals(e.getName())).map(EnvVar::getValue)
                .filter(v -> v != null && !v.isEmpty()).findFirst();
    }

    /** The first of {@code variables} set to a path, and the Secret or ConfigMap key behind that file. */
    Optional<Password> files(List<String> variables) {
        for (String variable : variables) {
            Optional<String> path = literal(variable);
            if (path.isPresent()) {
                Optional<Password> found = file(path.get(), variable + " of " + where);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    Optional<Password> file(String path, String source) {
        for (MountedFile file : MountedFile.resolve(pod.getSpec(), container, path)) {
            if (file instanceof MountedFile.ApiKey key) {
                Optional<Password> found = key(key.kind(), key.name(), key.key(), source + ", file " + path, true);
                if (found.isPresent()) {
                    return found;
                }
            } else {
                looked.add(source + " names " + file.describe() + ": only an exec into the pod could read it,"
                        + " which this library does not do");
            }
        }
        return Optional.empty();
    }

    private Optional<Password> key(MountedFile.Kind kind, String name, String key, String source, boolean asFile) {
        Optional<char[]> value = asFile ? api.fileValue(kind, name, key, source) : api.value(kind, name, key, source);
        if (value.isEmpty()) {
            looked.add(source + " names " + kind.label + " " + name + " key " + key + (api.keys(kind, name, source)
                    .isEmpty() ? ", which does not exist in namespace " + api.namespace() : ", which has no such key"));
            return Optional.empty();
        }
        return Optional.of(new Password(value.get(), kind.label + " " + name + " key " + key + " (" + source + ")"));
    }

    List<EnvVar> vars() {
        return Optional.ofNullable(container.getEnv()).orElse(List.of());
    }
}
