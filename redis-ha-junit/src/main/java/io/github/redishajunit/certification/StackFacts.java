package io.github.redishajunit.certification;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.github.redishajunit.HACluster;
import io.github.redishajunit.RedisNode;
import io.github.redishajunit.RedisPod;
import io.github.redishajunit.RedisSentinel;
import io.lettuce.core.RedisException;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeSet;

/**
 * What the certification found, as the machine-readable report keeps it: each Redis pod's role, image and server
 * version, each Sentinel's address, and the environment (Kubernetes version, node count, StorageClasses of the data
 * volumes, this library's version). Each fact is one report entry pair: {@code stack.pod:NAME:role}, {@code
 * stack.sentinel:NAME:address}, {@code environment.kubernetesVersion}. What the API refuses (nodes are
 * cluster-scoped) is said as {@code unknown (...)}, never a failure.
 */
final class StackFacts {

    /** The prefix of the stack's facts. */
    static final String STACK = "stack.";

    /** The prefix of the environment's facts. */
    static final String ENVIRONMENT = "environment.";

    private StackFacts() {}

    static Map<String, String> of(HACluster cluster) {
        Map<String, String> facts = new LinkedHashMap<>();
        String master = cluster.master().name();
        TreeSet<String> storageClasses = new TreeSet<>();
        for (RedisNode node : cluster.nodes()) {
            String prefix = STACK + "pod:" + node.name() + ":";
            facts.put(prefix + "role", node.name().equals(master) ? "master" : "replica");
            facts.put(prefix + "address", node.address().toString());
            Pod pod = node instanceof RedisPod redisPod ? redisPod.pod() : null;
            if (pod != null) {
                pod.getSpec().getContainers().stream().map(Container::getImage).filter(Objects::nonNull).findFirst()
                        .ifPresent(image -> facts.put(prefix + "image", image));
                facts.put(prefix + "node", Objects.requireNonNullElse(pod.getSpec().getNodeName(), "unscheduled"));
                pod.getSpec().getVolumes().stream().filter(v -> v.getPersistentVolumeClaim() != null)
                        .map(v -> v.getPersistentVolumeClaim().getClaimName())
                        .map(claim -> storageClass(cluster, claim)).forEach(storageClasses::add);
            }
            facts.put(prefix + "version", serverVersion(node));
        }
        for (RedisSentinel sentinel : cluster.sentinels()) {
            facts.put(STACK + "sentinel:" + sentinel.name() + ":address", sentinel.address().toString());
        }
        facts.put(ENVIRONMENT + "kubernetesVersion", kubernetesVersion(cluster));
        facts.put(ENVIRONMENT + "nodes", nodeCount(cluster));
        facts.put(ENVIRONMENT + "storageClasses", storageClasses.isEmpty() ? "none (no PersistentVolumeClaim)"
                : String.join(",", storageClasses));
        facts.put(ENVIRONMENT + "libraryVersion", libraryVersion());
        return facts;
    }

    /** {@code redis 7.0.15} or {@code valkey 8.1.1}, as the server's {@code INFO server} says it. */
    private static String serverVersion(RedisNode node) {
        try {
            Map<String, String> server = node.infoFields("server");
            String valkey = server.get("valkey_version");
            return valkey != null ? "valkey " + valkey : "redis " + server.getOrDefault("redis_version", "?");
        } catch (RedisException e) {
            return "unknown (INFO server: " + e.getMessage() + ")";
        }
    }

    private static String storageClass(HACluster cluster, String claim) {
        try {
            PersistentVolumeClaim pvc = cluster.client().persistentVolumeClaims().inNamespace(cluster.namespace())
                    .withName(claim).get();
            return pvc == null ? "unknown (claim " + claim + " not found)"
                    : Objects.requireNonNullElse(pvc.getSpec().getStorageClassName(), "(default)");
        } catch (KubernetesClientException e) {
            return "unknown (" + e.getCode() + " reading PersistentVolumeClaim " + claim + ")";
        }
    }

    private static String kubernetesVersion(HACluster cluster) {
        try {
            return cluster.client().getKubernetesVersion().getGitVersion();
        } catch (KubernetesClientException e) {
            return "unknown (" + e.getCode() + " reading /version)";
        }
    }

    private static String nodeCount(HACluster cluster) {
        try {
            return String.valueOf(cluster.client().nodes().list().getItems().size());
        } catch (KubernetesClientException e) {
            return "unknown (" + e.getCode() + " listing nodes: a namespaced Role cannot)";
        }
    }

    /** The library's version, as the build wrote it into {@code io/github/redishajunit/version.properties}. */
    static String libraryVersion() {
        try (InputStream in = StackFacts.class.getResourceAsStream("/io/github/redishajunit/version.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }
}
