package io.github.redishajunit.internal.credentials;

import io.fabric8.kubernetes.api.model.ConfigMapProjection;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecretProjection;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Where a file a container sees comes from, told from the pod spec alone: the container's volume mount whose
 * {@code mountPath} holds the path (the longest one, as the kubelet layers them), its {@code subPath}, and the
 * volume: a key of a Secret or a ConfigMap (a plain {@code secret} or {@code configMap} volume, with or without
 * {@code items}, or one of a {@code projected} volume's sources), or a volume the API cannot read (a
 * PersistentVolumeClaim, an emptyDir, a hostPath), or no volume at all (a file of the image).
 */
sealed interface MountedFile {

    /** The path, as the container sees it. */
    String path();

    /** For messages: {@code /opt/bitnami/redis/secrets/redis-password (Secret cache key redis-password)}. */
    String describe();

    /** A key of a Secret or a ConfigMap, which the API serves. */
    record ApiKey(String path, Kind kind, String name, String key) implements MountedFile {
        @Override
        public String describe() {
            return path + " (" + kind.label + " " + name + " key " + key + ")";
        }
    }

    /** A file only a {@code kubectl exec} could read. */
    record Unreadable(String path, String where) implements MountedFile {
        @Override
        public String describe() {
            return path + " (" + where + ")";
        }
    }

    enum Kind {
        SECRET("Secret"), CONFIG_MAP("ConfigMap");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    /**
     * The sources {@code path} may come from, in the order to try them: one for a plain volume; for a projected
     * volume whose sources list no {@code items}, each source that could hold the key (the first that has it wins,
     * as the kubelet's last-one-wins for duplicates is rare and a warning of its own).
     */
    static List<MountedFile> resolve(PodSpec spec, Container container, String path) {
        Optional<VolumeMount> mount = Optional.ofNullable(container.getVolumeMounts()).orElse(List.of()).stream()
                .filter(m -> holds(m.getMountPath(), path))
                .max(Comparator.comparingInt(m -> trimSlash(m.getMountPath()).length()));
        if (mount.isEmpty()) {
            return List.of(new Unreadable(path, "on no volume of container " + container.getName()
                    + ": a file of the image or one the container wrote"));
        }
        String mountPath = trimSlash(mount.get().getMountPath());
        String rest = path.length() > mountPath.length() ? path.substring(mountPath.length() + 1) : "";
        String subPath = Optional.ofNullable(mount.get().getSubPath()).map(MountedFile::trimSlash).orElse("");
        String inner = subPath.isEmpty() ? rest : rest.isEmpty() ? subPath : subPath + "/" + rest;
        Optional<Volume> volume = Optional.ofNullable(spec.getVolumes()).orElse(List.of()).stream()
                .filter(v -> v.getName().equals(mount.get().getName())).findFirst();
        if (volume.isEmpty()) {
            return List.of(new Unreadable(path, "volume " + mount.get().getName() + " is not in the pod spec"));
        }
        Volume v = volume.get();
        if (v.getSecret() != null) {
            return key(path, Kind.SECRET, v.getSecret().getSecretName(), v.getSecret().getItems(), inner)
                    .map(List::of).orElseGet(() -> List.of(notAKey(path, v, inner)));
        }
        if (v.getConfigMap() != null) {
            return key(path, Kind.CONFIG_MAP, v.getConfigMap().getName(), v.getConfigMap().getItems(), inner)
                    .map(List::of).orElseGet(() -> List.of(notAKey(path, v, inner)));
        }
        if (v.getProjected() != null) {
            List<MountedFile> found = new ArrayList<>();
            for (VolumeProjection source : Optional.ofNullable(v.getProjected().getSources()).orElse(List.of())) {
                SecretProjection secret = source.getSecret();
                ConfigMapProjection configMap = source.getConfigMap();
                if (secret != null) {
                    key(path, Kind.SECRET, secret.getName(), secret.getItems(), inner).ifPresent(found::add);
                } else if (configMap != null) {
                    key(path, Kind.CONFIG_MAP, configMap.getName(), configMap.getItems(), inner).ifPresent(found::add);
                }
            }
            return found.isEmpty() ? List.of(notAKey(path, v, inner)) : List.copyOf(found);
        }
        return List.of(new Unreadable(path, "on volume " + v.getName() + " (" + volumeKind(v) + ")"));
    }

    /** Whether a file at {@code path} is inside (or is) what is mounted at {@code mountPath}. */
    private static boolean holds(String mountPath, String path) {
        if (mountPath == null) {
            return false;
        }
        String dir = trimSlash(mountPath);
        return path.equals(dir) || path.startsWith(dir + "/");
    }

    /** The key a volume's {@code inner} path shows: an item's key, or the path itself when no items are listed. */
    private static Optional<MountedFile> key(String path, Kind kind, String name, List<KeyToPath> items, String inner) {
        if (name == null || inner.isEmpty()) {
            return Optional.empty();
        }
        if (items == null || items.isEmpty()) {
            return inner.contains("/") ? Optional.empty() : Optional.of(new ApiKey(path, kind, name, inner));
        }
        return items.stream().filter(item -> inner.equals(trimSlash(item.getPath()))).findFirst()
                .map(item -> new ApiKey(path, kind, name, item.getKey()));
    }

    private static MountedFile notAKey(String path, Volume volume, String inner) {
        return new Unreadable(path, "volume " + volume.getName() + " (" + volumeKind(volume) + ") shows no key at "
                + (inner.isEmpty() ? "its root" : inner));
    }

    private static String volumeKind(Volume v) {
        if (v.getPersistentVolumeClaim() != null) {
            return "PersistentVolumeClaim " + v.getPersistentVolumeClaim().getClaimName();
        }
        if (v.getEmptyDir() != null) {
            return "an emptyDir";
        }
        if (v.getHostPath() != null) {
            return "hostPath " + v.getHostPath().getPath();
        }
        if (v.getSecret() != null) {
            return "Secret " + v.getSecret().getSecretName();
        }
        if (v.getConfigMap() != null) {
            return "ConfigMap " + v.getConfigMap().getName();
        }
        if (v.getProjected() != null) {
            return "a projected volume";
        }
        return "a volume the API does not serve";
    }

    private static String trimSlash(String path) {
        String p = path;
        while (p.endsWith("/") && p.length() > 1) {
            p = p.substring(0, p.length() - 1);
        }
        while (p.startsWith("./")) {
            p = p.substring(2);
        }
        return p;
    }
}
