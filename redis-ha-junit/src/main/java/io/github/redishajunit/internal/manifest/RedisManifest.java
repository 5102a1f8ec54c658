package io.github.redishajunit.internal.manifest;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.apiguardian.api.API;

/**
 * A loaded manifest: every object as a typed fabric8 object, plus the ones the extension must find in it. Names
 * and roles come from here, never from constants: the master StatefulSet is the one labelled {@code
 * app.kubernetes.io/component=master}, the replica one {@code ...=replica}.
 *
 * @param location where it was loaded from, for messages
 * @param items every object, in manifest order
 * @param master the master StatefulSet (1 pod)
 * @param replicas the replica StatefulSet
 * @param nodePort the NodePort Service to the master, if the manifest has one
 */
@API(status = API.Status.INTERNAL)
public record RedisManifest(
        String location, List<HasMetadata> items, StatefulSet master, StatefulSet replicas, Optional<Service> nodePort) {

    public static final String COMPONENT_LABEL = "app.kubernetes.io/component";
    public static final String MASTER_COMPONENT = "master";
    public static final String REPLICA_COMPONENT = "replica";

    public String masterPodName() {
        return master.getMetadata().getName() + "-0";
    }

    public int replicaCount() {
        Integer n = replicas.getSpec().getReplicas();
        return n == null ? 1 : n;
    }

    /** Pod names of the replica StatefulSet, by ordinal. */
    public List<String> replicaPodNames() {
        String base = replicas.getMetadata().getName();
        return IntStream.range(0, replicaCount()).mapToObj(i -> base + "-" + i).toList();
    }

    /** The name of the Redis container (the first regular container) of a StatefulSet's pods. */
    public static String redisContainer(StatefulSet statefulSet) {
        return statefulSet.getSpec().getTemplate().getSpec().getContainers().get(0).getName();
    }

    /** StorageClass names the volume claim templates ask for; null entries mean the cluster default. */
    public List<String> storageClassNames() {
        return java.util.stream.Stream.of(master, replicas)
                .flatMap(s -> s.getSpec().getVolumeClaimTemplates() == null
                        ? java.util.stream.Stream.empty()
                        : s.getSpec().getVolumeClaimTemplates().stream())
                .map(pvc -> pvc.getSpec().getStorageClassName())
                .distinct()
                .toList();
    }

    /** This manifest with {@code items} replaced (after overrides), finding the special objects again. */
    public RedisManifest withItems(List<HasMetadata> newItems) {
        return ManifestLoader.identify(location, newItems);
    }
}
