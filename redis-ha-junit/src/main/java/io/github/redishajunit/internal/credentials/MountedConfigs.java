package io.github.redishajunit.internal.credentials;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.github.redishajunit.internal.discovery.ShellWords;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/** The configuration files one container can read through the API, parsed ({@link RedisConf}). */
final class MountedConfigs {

    private static final Pattern PATH = Pattern.compile("(?<![\\w$}])/[\\w.@/-]*[\\w]");

    private MountedConfigs() {}

    /**
     * The configuration files this container can read through the API: every path of its command line that is a
     * Secret or ConfigMap key, every key of the ConfigMaps it mounts, and what their {@code include} and {@code
     * aclfile} lines name; by description ({@code /etc/redis/redis.conf (ConfigMap redis key redis.conf)}).
     */
    static Configs read(ApiValues api, Pod pod, Container container, List<String> looked) {
        String where = "container " + container.getName() + " in pod " + pod.getMetadata().getName();
        Map<String, RedisConf> configs = new LinkedHashMap<>();
        Set<String> named = new HashSet<>();
        List<MountedFile.ApiKey> files = new ArrayList<>();
        Matcher paths = PATH.matcher(String.join(" ", ShellWords.commandLine(container)));
        while (paths.find()) {
            MountedFile.resolve(pod.getSpec(), container, paths.group()).stream()
                    .filter(MountedFile.ApiKey.class::isInstance).map(MountedFile.ApiKey.class::cast)
                    .forEach(file -> {
                        files.add(file);
                        named.add(file.describe());
                    });
        }
        files.addAll(mountedConfigMapKeys(api, pod, container, where, looked));
        for (int i = 0; i < files.size() && i < 64; i++) {
            MountedFile.ApiKey file = files.get(i);
            if (configs.containsKey(file.describe())) {
                continue;
            }
            Optional<String> text;
            try {
                text = api.text(file.kind(), file.name(), file.key(), "a configuration file of " + where);
            } catch (ExtensionConfigurationException forbidden) {
                // configuration is searched on speculation: a user who may not read it is told, not stopped
                looked.add(file.describe() + " could not be read (forbidden)");
                continue;
            }
            if (text.isEmpty()) {
                continue;
            }
            RedisConf conf = RedisConf.parse(text.get());
            configs.put(file.describe(), conf);
            Stream.concat(conf.includes().stream(), conf.aclfile().stream())
                    .flatMap(path -> MountedFile.resolve(pod.getSpec(), container, path).stream())
                    .filter(MountedFile.ApiKey.class::isInstance).map(MountedFile.ApiKey.class::cast)
                    .forEach(target -> {
                        files.add(target);
                        if (named.contains(file.describe())) {
                            named.add(target.describe());
                        }
                    });
        }
        return new Configs(configs, named);
    }

    /**
     * @param all every configuration file read, by description, in the order found
     * @param named those the command line, an {@code include} or an {@code aclfile} names: the server reads these;
     *     the others are only mounted beside them
     */
    record Configs(Map<String, RedisConf> all, Set<String> named) {}

    /** Each key of each ConfigMap the container mounts (no Secret: those are read only where a path names them). */
    private static List<MountedFile.ApiKey> mountedConfigMapKeys(ApiValues api, Pod pod, Container container,
            String where, List<String> looked) {
        List<MountedFile.ApiKey> keys = new ArrayList<>();
        List<Volume> volumes = Optional.ofNullable(pod.getSpec().getVolumes()).orElse(List.of());
        Optional.ofNullable(container.getVolumeMounts()).orElse(List.of()).forEach(mount -> volumes.stream()
                .filter(v -> v.getName().equals(mount.getName())).findFirst().ifPresent(volume -> {
                    List<String> names = new ArrayList<>();
                    if (volume.getConfigMap() != null) {
                        names.add(volume.getConfigMap().getName());
                    }
                    if (volume.getProjected() != null) {
                        Optional.ofNullable(volume.getProjected().getSources()).orElse(List.of()).stream()
                                .map(VolumeProjection::getConfigMap).filter(c -> c != null)
                                .forEach(c -> names.add(c.getName()));
                    }
                    for (String name : names) {
                        try {
                            api.keys(MountedFile.Kind.CONFIG_MAP, name, "a volume of " + where).ifPresent(data ->
                                    data.keySet().forEach(key -> keys.add(new MountedFile.ApiKey(mount.getMountPath()
                                            + "/" + key, MountedFile.Kind.CONFIG_MAP, name, key))));
                        } catch (ExtensionConfigurationException forbidden) {
                            looked.add("ConfigMap " + name + " mounted at " + mount.getMountPath() + " could not be"
                                    + " read (forbidden)");
                        }
                    }
                }));
        return keys;
    }
}
