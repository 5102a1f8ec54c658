package io.github.redishajunit.internal.manifest;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * Loads a manifest ({@code classpath:} or file) with fabric8 as typed objects and checks it has what the extension
 * needs: one StatefulSet per role, found by its {@code app.kubernetes.io/component} label, and the headless
 * Service that governs them.
 */
@API(status = API.Status.INTERNAL)
public final class ManifestLoader {

    /** Thread-safe, and costly to build (its type registry): one for every load. */
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private ManifestLoader() {}

    /** Parses locally, without a client: a stack's manifest is parsed while the cluster is still being reached. */
    public static RedisManifest load(String location) {
        List<HasMetadata> items;
        try (InputStream in = open(location)) {
            items = objects(SERIALIZATION.unmarshal(in));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read manifest " + location, e);
        } catch (RuntimeException e) {
            if (e instanceof ExtensionConfigurationException) {
                throw e;
            }
            throw invalid(location, "it is not valid Kubernetes YAML: " + e.getMessage(),
                    "check it with kubectl apply --dry-run=client -f");
        }
        return identify(location, items.stream().filter(Objects::nonNull).toList());
    }

    /** The objects of one parsed document or several, a {@code List} kind unwrapped. */
    private static List<HasMetadata> objects(Object parsed) {
        List<HasMetadata> items = new ArrayList<>();
        if (parsed instanceof KubernetesResourceList<?> list) {
            list.getItems().forEach(items::add);
        } else if (parsed instanceof HasMetadata item) {
            items.add(item);
        } else if (parsed instanceof List<?> documents) {
            documents.forEach(document -> items.addAll(objects(document)));
        } else if (parsed != null) {
            throw new IllegalArgumentException("a document is not a Kubernetes object: " + parsed.getClass().getSimpleName());
        }
        return items;
    }

    static RedisManifest identify(String location, List<HasMetadata> items) {
        if (items.isEmpty()) {
            throw invalid(location, "it contains no Kubernetes objects", "point manifest at the stack's YAML");
        }
        List<StatefulSet> statefulSets = items.stream()
                .filter(StatefulSet.class::isInstance)
                .map(StatefulSet.class::cast)
                .toList();
        StatefulSet master = byComponent(location, statefulSets, RedisManifest.MASTER_COMPONENT);
        StatefulSet replicas = byComponent(location, statefulSets, RedisManifest.REPLICA_COMPONENT);
        Integer masterReplicas = master.getSpec().getReplicas();
        if (masterReplicas != null && masterReplicas != 1) {
            throw invalid(location, "its master StatefulSet " + name(master) + " has replicas: " + masterReplicas,
                    "a master/replica stack has exactly one master: set replicas: 1");
        }
        List<Service> services = items.stream().filter(Service.class::isInstance).map(Service.class::cast).toList();
        String governing = master.getSpec().getServiceName();
        if (governing == null || services.stream().noneMatch(s -> governing.equals(name(s)))) {
            throw invalid(location, "it has no Service named " + governing + " (the serviceName of StatefulSet "
                    + name(master) + "; Services found: " + names(services) + ")",
                    "add the headless Service that governs the StatefulSets");
        }
        Optional<Service> nodePort = services.stream()
                .filter(s -> s.getSpec() != null && "NodePort".equals(s.getSpec().getType()))
                .findFirst();
        return new RedisManifest(location, List.copyOf(items), master, replicas, nodePort);
    }

    private static StatefulSet byComponent(String location, List<StatefulSet> statefulSets, String component) {
        List<StatefulSet> matching = statefulSets.stream()
                .filter(s -> component.equals(label(s, RedisManifest.COMPONENT_LABEL)))
                .toList();
        if (matching.size() == 1) {
            return matching.get(0);
        }
        String found = statefulSets.isEmpty()
                ? "none"
                : statefulSets.stream()
                        .map(s -> name(s) + " [" + RedisManifest.COMPONENT_LABEL + "="
                                + Optional.ofNullable(label(s, RedisManifest.COMPONENT_LABEL)).orElse("<none>") + "]")
                        .collect(Collectors.joining(", "));
        String problem = matching.isEmpty()
                ? "it has no StatefulSet labelled " + RedisManifest.COMPONENT_LABEL + "=" + component
                : "it has " + matching.size() + " StatefulSets labelled " + RedisManifest.COMPONENT_LABEL + "="
                        + component;
        throw invalid(location, problem + " (StatefulSets found: " + found + ")",
                "label exactly one StatefulSet " + RedisManifest.COMPONENT_LABEL + ": "
                        + RedisManifest.MASTER_COMPONENT + " and one " + RedisManifest.COMPONENT_LABEL + ": "
                        + RedisManifest.REPLICA_COMPONENT);
    }

    private static InputStream open(String location) throws IOException {
        if (location.startsWith("classpath:")) {
            String resource = location.substring("classpath:".length()).replaceFirst("^/", "");
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            InputStream in = loader == null ? null : loader.getResourceAsStream(resource);
            if (in == null) {
                in = ManifestLoader.class.getClassLoader().getResourceAsStream(resource);
            }
            if (in == null) {
                throw invalid(location, "it is not on the classpath", "give classpath:path/in/a/jar.yaml or a file");
            }
            return in;
        }
        Path path = Path.of(location);
        if (!Files.isRegularFile(path)) {
            throw invalid(location, "file " + path.toAbsolutePath() + " does not exist", "give an existing file");
        }
        return Files.newInputStream(path);
    }

    static ExtensionConfigurationException invalid(String location, String problem, String fix) {
        return new ExtensionConfigurationException(
                "@RedisHACluster(manifest = \"" + location + "\") is invalid: " + problem + " (" + fix + ")");
    }

    private static String label(HasMetadata o, String key) {
        return o.getMetadata().getLabels() == null ? null : o.getMetadata().getLabels().get(key);
    }

    private static String name(HasMetadata o) {
        return o.getMetadata().getName();
    }

    private static String names(List<? extends HasMetadata> objects) {
        return objects.isEmpty() ? "none" : objects.stream().map(ManifestLoader::name).collect(Collectors.joining(", "));
    }
}
