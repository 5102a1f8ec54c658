package io.github.redishajunit.certification;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.github.redishajunit.HACluster;
import io.github.redishajunit.RedisNode;
import io.github.redishajunit.RedisPod;
import io.github.redishajunit.assertions.RedisHAErrorMessageFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.assertj.core.api.Fail;

/**
 * Where each pod keeps Redis's data: the volume mounted at Redis's {@code dir} must be a PersistentVolumeClaim that is
 * Bound. Data in the container's filesystem or on an emptyDir is lost with the pod, and a claim that is not Bound
 * (lost, or never provisioned) leaves the pod unable to start again.
 */
final class DataVolumeCheck {

    private static final String GOES_WITH_THE_POD = ": the data goes with the pod";

    private DataVolumeCheck() {}

    /** One line per pod of what it found; an AssertionError naming every pod whose data is not on a Bound claim. */
    static String run(HACluster cluster) {
        List<String> observed = new ArrayList<>();
        Map<String, String> problems = new LinkedHashMap<>();
        List<RedisNode> nodes = cluster.nodes();
        for (RedisNode node : nodes) {
            RedisPod pod = (RedisPod) node;
            String dir = pod.connection().sync().configGet("dir").getOrDefault("dir", "/data");
            Optional<String> problem = problem(cluster, pod.pod(), dir, observed);
            problem.ifPresent(p -> problems.put(node.describe(), p));
        }
        if (!problems.isEmpty()) {
            Fail.fail(new ShouldKeepDataOnBoundClaims(cluster.location(), nodes.size(), problems).create());
        }
        return String.join("; ", observed);
    }

    private static Optional<String> problem(HACluster cluster, Pod pod, String dir, List<String> observed) {
        String name = pod.getMetadata().getName();
        Optional<VolumeMount> mount = pod.getSpec().getContainers().stream()
                .map(Container::getVolumeMounts)
                .filter(mounts -> mounts != null)
                .flatMap(List::stream)
                .filter(m -> dir.equals(m.getMountPath()) || dir.startsWith(m.getMountPath().replaceAll("/$", "") + "/"))
                .max(Comparator.comparingInt(m -> m.getMountPath().length()));
        if (mount.isEmpty()) {
            return Optional.of("keeps its dir " + dir + " in the container's filesystem" + GOES_WITH_THE_POD);
        }
        Volume volume = pod.getSpec().getVolumes().stream()
                .filter(v -> v.getName().equals(mount.get().getName()))
                .findFirst()
                .orElse(null);
        if (volume == null || volume.getPersistentVolumeClaim() == null) {
            return Optional.of("keeps its dir " + dir + " on volume " + mount.get().getName()
                    + (volume != null && volume.getEmptyDir() != null ? " (an emptyDir)" : "")
                    + ", not on a PersistentVolumeClaim" + GOES_WITH_THE_POD);
        }
        String claim = volume.getPersistentVolumeClaim().getClaimName();
        PersistentVolumeClaim pvc = cluster.client().persistentVolumeClaims().inNamespace(cluster.namespace())
                .withName(claim).get();
        if (pvc == null) {
            return Optional.of("keeps its dir " + dir + " on claim " + claim + ", which does not exist (lost)");
        }
        if (pvc.getMetadata().getDeletionTimestamp() != null) {
            return Optional.of("keeps its dir " + dir + " on claim " + claim + ", which is being deleted (since "
                    + pvc.getMetadata().getDeletionTimestamp() + "): the data goes when the pod does");
        }
        String phase = pvc.getStatus() == null ? "Unknown" : pvc.getStatus().getPhase();
        if (!"Bound".equals(phase)) {
            return Optional.of("keeps its dir " + dir + " on claim " + claim + ", which is " + phase + ", not Bound");
        }
        String capacity = pvc.getStatus().getCapacity() == null || pvc.getStatus().getCapacity().get("storage") == null
                ? "?" : pvc.getStatus().getCapacity().get("storage").toString();
        observed.add(name + " " + dir + " on " + claim + " Bound (" + capacity + ", "
                + pvc.getSpec().getStorageClassName() + ")");
        return Optional.empty();
    }

    /** A pod whose Redis data is not on a Bound PersistentVolumeClaim. */
    static final class ShouldKeepDataOnBoundClaims extends RedisHAErrorMessageFactory {

        ShouldKeepDataOnBoundClaims(String location, int pods, Map<String, String> problems) {
            super(location, "to have its " + pods + " pods keep Redis's data on a Bound PersistentVolumeClaim",
                    problems.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                            .collect(Collectors.joining("\nand "))
                    + (problems.values().stream().anyMatch(p -> p.endsWith(GOES_WITH_THE_POD))
                            ? "\n(a cache may choose that; a store mounts its dir from a PersistentVolumeClaim, e.g. a"
                                    + " StatefulSet's volumeClaimTemplates: a chart's persistence setting)" : ""));
        }
    }
}
