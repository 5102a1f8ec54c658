package io.github.redishajunit.certification;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.github.redishajunit.HACluster;
import io.github.redishajunit.RedisNode;
import io.github.redishajunit.RedisPod;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Where the stack's pods run: each pod's node (and zone, where nodes are labelled {@value #ZONE}) and the node its
 * volume is pinned to. One node (or zone) holding the master and every replica is a stack that one node failure
 * takes down whole; two pods sharing one is a warning. On a single-node cluster there is nothing to judge.
 *
 * @param observed each pod's placement, in one line
 * @param verdict {@code PASS}, {@code WARN}, {@code FAIL} or {@code N/A}
 * @param reason what is wrong (for WARN and FAIL) or why it does not apply, naming the setting that spreads pods
 */
record PlacementCheck(String observed, String verdict, String reason) {

    static final String ZONE = "topology.kubernetes.io/zone";
    private static final String HOSTNAME = "kubernetes.io/hostname";

    static PlacementCheck run(HACluster cluster) {
        Map<String, Pod> pods = new LinkedHashMap<>();
        for (RedisNode node : cluster.nodes()) {
            Pod pod = node instanceof RedisPod redisPod ? redisPod.pod() : null;
            if (pod != null) {
                pods.put(node.name(), pod);
            }
        }
        Map<String, String> volumes = new LinkedHashMap<>();
        pods.forEach((name, pod) -> volumes.put(name, volume(cluster, pod)));
        return judge(pods, zones(cluster), volumes);
    }

    /**
     * The verdict on {@code pods} (by name), given each node's zone ({@code ""} where unlabelled; empty when the nodes
     * could not be listed) and what is known of each pod's volume ({@code ", volume pinned to node X"} or {@code ""}).
     */
    static PlacementCheck judge(Map<String, Pod> pods, Optional<Map<String, String>> zones,
            Map<String, String> volumes) {
        if (pods.size() < 2) {
            return new PlacementCheck("", "N/A", "not applicable: the stack has " + pods.size() + " pod (nothing to"
                    + " spread)");
        }
        Map<String, String> nodeOf = new LinkedHashMap<>();
        List<String> lines = new ArrayList<>();
        pods.forEach((name, pod) -> {
            String node = Objects.requireNonNullElse(pod.getSpec().getNodeName(), "unscheduled");
            nodeOf.put(name, node);
            String zone = zones.map(z -> z.getOrDefault(node, "")).filter(z -> !z.isEmpty())
                    .map(z -> " (zone " + z + ")").orElse("");
            lines.add(name + " on node " + node + zone + volumes.getOrDefault(name, ""));
        });
        String observed = String.join("; ", lines);
        TreeSet<String> used = new TreeSet<>(nodeOf.values());
        if (zones.isPresent() && zones.get().size() == 1) {
            return new PlacementCheck(observed, "N/A", "not applicable: the cluster has one node ("
                    + zones.get().keySet().iterator().next() + "): where its pods run cannot matter; on a cluster with"
                    + " several nodes this step fails a stack whose pods all share one");
        }
        String missing = missingSetting(pods.values());
        if (used.size() == 1) {
            String where = "all " + pods.size() + " (" + String.join(", ", pods.keySet()) + ") run on node "
                    + used.first();
            return zones.isPresent()
                    ? new PlacementCheck(observed, "FAIL", where + ": losing that node loses the whole stack ("
                            + missing + ")")
                    : new PlacementCheck(observed, "N/A", "not applicable: " + where + ", and this account may not"
                            + " list nodes (a namespaced Role) to tell whether the cluster has others; certify with an"
                            + " account that may list nodes to judge it (" + missing + ")");
        }
        if (zones.isPresent()) {
            TreeSet<String> usedZones = used.stream().map(node -> zones.get().getOrDefault(node, ""))
                    .collect(Collectors.toCollection(TreeSet::new));
            long clusterZones = zones.get().values().stream().filter(z -> !z.isEmpty()).distinct().count();
            if (clusterZones > 1 && usedZones.size() == 1 && !usedZones.first().isEmpty()) {
                return new PlacementCheck(observed, "FAIL", "all " + pods.size() + " run in zone " + usedZones.first()
                        + " of the cluster's " + clusterZones + ": losing that zone loses the whole stack (spread them"
                        + " with topologySpreadConstraints on " + ZONE + ")");
            }
        }
        List<String> shared = new ArrayList<>();
        for (String node : used) {
            List<String> together = nodeOf.entrySet().stream().filter(e -> e.getValue().equals(node))
                    .map(Map.Entry::getKey).toList();
            if (together.size() > 1) {
                shared.add(String.join(" and ", together) + " share node " + node);
            }
        }
        return shared.isEmpty() ? new PlacementCheck(observed, "PASS", "")
                : new PlacementCheck(observed, "WARN", String.join("; ", shared) + ": losing it loses "
                        + "more than one copy of the data (" + missing + ")");
    }

    /** Each node's zone ("" where unlabelled), or empty when the nodes cannot be listed (a namespaced Role). */
    private static Optional<Map<String, String>> zones(HACluster cluster) {
        try {
            Map<String, String> zones = new LinkedHashMap<>();
            for (Node node : cluster.client().nodes().list().getItems()) {
                Map<String, String> labels = Objects.requireNonNullElse(node.getMetadata().getLabels(), Map.of());
                zones.put(node.getMetadata().getName(), labels.getOrDefault(ZONE, ""));
            }
            return Optional.of(zones);
        } catch (KubernetesClientException forbidden) {
            return Optional.empty();
        }
    }

    /** {@code , volume pinned to node X} for a data volume whose PersistentVolume is pinned to nodes. */
    private static String volume(HACluster cluster, Pod pod) {
        List<String> pinned = new ArrayList<>();
        for (var volume : pod.getSpec().getVolumes()) {
            if (volume.getPersistentVolumeClaim() == null) {
                continue;
            }
            try {
                PersistentVolumeClaim claim = cluster.client().persistentVolumeClaims().inNamespace(cluster
                        .namespace()).withName(volume.getPersistentVolumeClaim().getClaimName()).get();
                String pvName = claim == null ? null : claim.getSpec().getVolumeName();
                PersistentVolume pv = pvName == null ? null : cluster.client().persistentVolumes().withName(pvName)
                        .get();
                if (pv != null && pv.getSpec().getNodeAffinity() != null
                        && pv.getSpec().getNodeAffinity().getRequired() != null) {
                    for (NodeSelectorTerm term : pv.getSpec().getNodeAffinity().getRequired().getNodeSelectorTerms()) {
                        for (NodeSelectorRequirement requirement : term.getMatchExpressions()) {
                            if (HOSTNAME.equals(requirement.getKey())) {
                                pinned.addAll(requirement.getValues());
                            }
                        }
                    }
                }
            } catch (KubernetesClientException forbidden) {
                return ", volume placement unknown (" + forbidden.getCode() + " reading its PersistentVolume)";
            }
        }
        return pinned.isEmpty() ? "" : ", volume pinned to node " + String.join(", ", pinned);
    }

    /** What would spread the pods, as their specs lack it, or the setting that pins them to one node. */
    private static String missingSetting(Iterable<Pod> pods) {
        TreeSet<String> pinnedTo = new TreeSet<>();
        for (Pod pod : pods) {
            Optional.ofNullable(pod.getSpec().getNodeSelector()).map(selector -> selector.get(HOSTNAME))
                    .ifPresent(pinnedTo::add);
        }
        if (pinnedTo.size() == 1) {
            return "their nodeSelector " + HOSTNAME + "=" + pinnedTo.first() + " pins them to that node: remove it, and"
                    + " spread them with podAntiAffinity or topologySpreadConstraints";
        }
        boolean required = false;
        boolean preferred = false;
        boolean spread = false;
        for (Pod pod : pods) {
            PodSpec spec = pod.getSpec();
            var anti = spec.getAffinity() == null ? null : spec.getAffinity().getPodAntiAffinity();
            required |= anti != null && !anti.getRequiredDuringSchedulingIgnoredDuringExecution().isEmpty();
            preferred |= anti != null && !anti.getPreferredDuringSchedulingIgnoredDuringExecution().isEmpty();
            spread |= !spec.getTopologySpreadConstraints().isEmpty();
        }
        if (!required && !preferred && !spread) {
            return "the pods set neither podAntiAffinity nor topologySpreadConstraints: add podAntiAffinity with"
                    + " topologyKey " + HOSTNAME + ", or topologySpreadConstraints";
        }
        if (!required && !spread) {
            return "their podAntiAffinity is only preferred, and the scheduler placed them together: make it required,"
                    + " or add topologySpreadConstraints with whenUnsatisfiable: DoNotSchedule";
        }
        return "their spreading rules allowed it: check their topologyKey and labelSelector";
    }
}
