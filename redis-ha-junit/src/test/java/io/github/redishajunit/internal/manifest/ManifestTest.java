package io.github.redishajunit.internal.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.redishajunit.CleanupPolicy;
import io.github.redishajunit.RedisHACluster;
import io.github.redishajunit.StackScope;
import io.github.redishajunit.internal.credentials.StackCredentials;
import io.github.redishajunit.internal.settings.ExtensionConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading the packaged manifest and applying overrides, without a cluster. */
class ManifestTest {

    private static final Map<String, String> LABELS = RunLabels.labels("run-1");

    private static ExtensionConfig config(Optional<Integer> replicas, Optional<String> image,
            Optional<String> storageClass, Optional<String> storageSize, Optional<String> namespace,
            Optional<Integer> nodePort) {
        return new ExtensionConfig(replicas, image, storageClass, storageSize, RedisHACluster.DEFAULT_MANIFEST,
                namespace, Duration.ofMinutes(3), CleanupPolicy.ON_SUCCESS, true, nodePort, false, false, false,
                Optional.empty(),
                StackCredentials.Options.none(), Optional.empty(), StackScope.ELEMENT, Duration.ofHours(2));
    }

    private static ExtensionConfig defaults() {
        return config(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    private static RedisManifest packaged() {
        return ManifestLoader.load(RedisHACluster.DEFAULT_MANIFEST);
    }

    @Test
    void findsTheStatefulSetsAndServicesOfThePackagedManifestByTheirLabels() {
        RedisManifest manifest = packaged();

        assertThat(manifest.master().getMetadata().getName()).isEqualTo("redis-master");
        assertThat(manifest.replicas().getMetadata().getName()).isEqualTo("redis-slave");
        assertThat(manifest.nodePort()).map(s -> s.getMetadata().getName()).contains("redis-master-nodeport");
        assertThat(manifest.masterPodName()).isEqualTo("redis-master-0");
        assertThat(manifest.replicaPodNames()).containsExactly("redis-slave-0", "redis-slave-1");
        assertThat(manifest.storageClassNames()).containsExactly("local-path");
        assertThat(RedisManifest.redisContainer(manifest.replicas())).isEqualTo("redis");
        assertThat(manifest.items()).hasSize(5);
    }

    @Test
    void withoutOverridesOnlyLabelsChangeAndTheNodePortIsAllocatedInAnEphemeralNamespace() {
        RedisManifest loaded = packaged();
        Integer nodePort = ManifestOverrides.nodePort(defaults(), Optional.empty(), 30903);
        RedisManifest edited = ManifestOverrides.apply(loaded, defaults(), LABELS, nodePort);

        assertThat(nodePort).isNull();
        assertThat(nodePortOf(edited)).isNull();
        assertThat(edited.replicaCount()).isEqualTo(2);
        assertThat(images(edited.replicas())).containsOnly("redis:7.0.15");
        assertThat(edited.items()).allSatisfy(item -> assertThat(item.getMetadata().getLabels())
                .containsAllEntriesOf(LABELS)
                .containsEntry("app.kubernetes.io/name", "redis-ha"));
        assertThat(edited.replicas().getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(LABELS)
                .containsEntry(RedisManifest.COMPONENT_LABEL, "replica");
        assertThat(claim(edited.master()).getMetadata().getLabels())
                .containsEntry(RunLabels.MANAGED_BY, RunLabels.MANAGER);
        assertThat(claim(edited.master()).getSpec().getStorageClassName()).isEqualTo("local-path");
        // the loaded objects are not modified
        assertThat(nodePortOf(loaded)).isEqualTo(30903);
        assertThat(loaded.master().getMetadata().getLabels()).doesNotContainKey(RunLabels.RUN_ID);
    }

    @Test
    void overridesReplicasImageOfEveryContainerAndStorage() {
        ExtensionConfig config = config(Optional.of(3), Optional.of("redis:7.2.6"), Optional.of("fast"),
                Optional.of("1Gi"), Optional.empty(), Optional.empty());

        RedisManifest edited = ManifestOverrides.apply(packaged(), config, LABELS, null);

        assertThat(edited.replicaCount()).isEqualTo(3);
        assertThat(edited.replicaPodNames()).containsExactly("redis-slave-0", "redis-slave-1", "redis-slave-2");
        assertThat(edited.master().getSpec().getReplicas()).isEqualTo(1);
        assertThat(images(edited.master())).hasSize(2).containsOnly("redis:7.2.6");
        assertThat(images(edited.replicas())).hasSize(2).containsOnly("redis:7.2.6");
        for (StatefulSet sts : List.of(edited.master(), edited.replicas())) {
            assertThat(claim(sts).getSpec().getStorageClassName()).isEqualTo("fast");
            assertThat(claim(sts).getSpec().getResources().getRequests()).containsEntry("storage", new Quantity("1Gi"));
            assertThat(claim(sts).getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
        }
        // resources untouched
        Container redis = edited.replicas().getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(redis.getResources().getRequests()).containsEntry("cpu", new Quantity("50m"));
        assertThat(redis.getResources().getLimits()).containsEntry("memory", new Quantity("512Mi"));
        assertThat(edited.storageClassNames()).containsExactly("fast");
        // the packaged master syncs from disk, at once for any number of replicas: nothing to follow the count
        assertThat(masterArgs(packaged())).containsSequence("--repl-diskless-sync", "no")
                .doesNotContain(ManifestOverrides.MAX_REPLICAS_FLAG);
        assertThat(masterArgs(edited)).isEqualTo(masterArgs(packaged()));
    }

    @Test
    void replicasStartTheirServerThroughTheImagesEntrypointOnceTheMasterAnswers() {
        Container redis = packaged().replicas().getSpec().getTemplate().getSpec().getContainers().get(0);

        // the wait is in the redis container (no init container to wait for), and the server's arguments stay its
        // args, where the AUTH override finds the server by its name
        assertThat(packaged().replicas().getSpec().getTemplate().getSpec().getInitContainers())
                .extracting(Container::getName).containsExactly("volume-permissions");
        assertThat(redis.getCommand()).hasSize(4).startsWith("sh", "-c").endsWith("wait-for-master");
        assertThat(redis.getCommand().get(2)).contains("until master_answers; do sleep 0.5; done")
                .endsWith("exec docker-entrypoint.sh \"$@\"\n");
        assertThat(redis.getArgs()).startsWith("redis-server").containsSequence("--replicaof", "redis-master", "6379");
        assertThat(ManifestOverrides.withAuth(packaged(), "secret").replicas().getSpec().getTemplate().getSpec()
                .getContainers().get(0).getArgs()).endsWith("--requirepass", "$(REDIS_PASSWORD)", "--masterauth",
                        "$(REDIS_PASSWORD)");
    }

    @Test
    void aMastersDisklessSyncMaxReplicasFollowsTheReplicaCount() {
        RedisManifest packaged = packaged();
        StatefulSet diskless = new StatefulSetBuilder(packaged.master()).editSpec().editTemplate().editSpec()
                .editFirstContainer().withArgs("redis-server", ManifestOverrides.MAX_REPLICAS_FLAG, "2")
                .endContainer().endSpec().endTemplate().endSpec().build();
        RedisManifest manifest = packaged.withItems(packaged.items().stream()
                .<HasMetadata>map(item -> item instanceof StatefulSet sts
                        && sts.getMetadata().getName().equals("redis-master") ? diskless : item).toList());
        ExtensionConfig config = config(Optional.of(3), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());

        RedisManifest edited = ManifestOverrides.apply(manifest, config, LABELS, null);

        // the first sync starts once all 3 are connected, not after the fixed delay
        assertThat(masterArgs(edited)).containsExactly("redis-server", ManifestOverrides.MAX_REPLICAS_FLAG, "3");
        assertThat(masterArgs(manifest)).containsExactly("redis-server", ManifestOverrides.MAX_REPLICAS_FLAG, "2");
    }

    private static List<String> masterArgs(RedisManifest manifest) {
        return manifest.master().getSpec().getTemplate().getSpec().getContainers().get(0).getArgs();
    }

    @Test
    void nodePortChoice() {
        Optional<String> named = Optional.of("redis");
        ExtensionConfig inNamedNamespace = config(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), named, Optional.empty());
        ExtensionConfig pinned = config(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.of(31000));
        ExtensionConfig allocated = config(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                named, Optional.of(0));

        assertThat(ManifestOverrides.nodePort(defaults(), Optional.empty(), 30903)).isNull();
        assertThat(ManifestOverrides.nodePort(inNamedNamespace, Optional.empty(), 30903)).isEqualTo(30903);
        assertThat(ManifestOverrides.nodePort(pinned, Optional.empty(), 30903)).isEqualTo(31000);
        assertThat(ManifestOverrides.nodePort(allocated, Optional.empty(), 30903)).isNull();
        assertThat(ManifestOverrides.nodePort(defaults(), Optional.of(30903), 30903)).isEqualTo(30903);
        assertThat(ManifestOverrides.nodePort(pinned, Optional.of(30903), 30903)).isEqualTo(31000);

        assertThat(nodePortOf(ManifestOverrides.apply(packaged(), pinned, LABELS, 31000))).isEqualTo(31000);
    }

    @Test
    void aManifestWithoutAMasterStatefulSetIsRejected(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("no-master.yaml");
        String yaml = Files.readString(Path.of("../manifests/redis-ha-cluster.yaml"))
                .replace("app.kubernetes.io/component: master", "app.kubernetes.io/component: primary");
        Files.writeString(file, yaml);

        assertThatThrownBy(() -> ManifestLoader.load(file.toString()))
                .hasMessage("@RedisHACluster(manifest = \"" + file + "\") is invalid: it has no StatefulSet labelled"
                        + " app.kubernetes.io/component=master (StatefulSets found: redis-master"
                        + " [app.kubernetes.io/component=primary], redis-slave [app.kubernetes.io/component=replica])"
                        + " (label exactly one StatefulSet app.kubernetes.io/component: master and one"
                        + " app.kubernetes.io/component: replica)");
    }

    @Test
    void aManifestWithoutStatefulSetsIsRejected(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("only-a-service.yaml");
        Files.writeString(file, """
                apiVersion: v1
                kind: Service
                metadata:
                  name: redis
                spec:
                  ports:
                    - port: 6379
                """);

        assertThatThrownBy(() -> ManifestLoader.load(file.toString()))
                .hasMessage("@RedisHACluster(manifest = \"" + file + "\") is invalid: it has no StatefulSet labelled"
                        + " app.kubernetes.io/component=master (StatefulSets found: none) (label exactly one"
                        + " StatefulSet app.kubernetes.io/component: master and one app.kubernetes.io/component:"
                        + " replica)");
    }

    @Test
    void aManifestThatIsNotKubernetesYamlIsRejected(@TempDir Path dir) throws Exception {
        Path broken = dir.resolve("broken.yaml");
        Files.writeString(broken, "apiVersion: v1\nkind: Service\nmetadata: [name: redis\n");
        Path notAnObject = dir.resolve("not-an-object.yaml");
        Files.writeString(notAnObject, "- just\n- a list\n");

        assertThatThrownBy(() -> ManifestLoader.load(broken.toString()))
                .hasMessageStartingWith("@RedisHACluster(manifest = \"" + broken + "\") is invalid: it is not valid"
                        + " Kubernetes YAML: ")
                .hasMessageEndingWith(" (check it with kubectl apply --dry-run=client -f)");
        assertThatThrownBy(() -> ManifestLoader.load(notAnObject.toString()))
                .hasMessageStartingWith("@RedisHACluster(manifest = \"" + notAnObject + "\") is invalid: it is not"
                        + " valid Kubernetes YAML: ")
                .hasMessageEndingWith(" (check it with kubectl apply --dry-run=client -f)");
    }

    @Test
    void aManifestWithoutTheGoverningServiceIsRejected(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("no-headless.yaml");
        String yaml = Files.readString(Path.of("../manifests/redis-ha-cluster.yaml"))
                .replace("name: redis-headless", "name: redis-other");
        Files.writeString(file, yaml);

        assertThatThrownBy(() -> ManifestLoader.load(file.toString()))
                .hasMessage("@RedisHACluster(manifest = \"" + file + "\") is invalid: it has no Service named"
                        + " redis-headless (the serviceName of StatefulSet redis-master; Services found: redis-other,"
                        + " redis-master-nodeport, redis-master) (add the headless Service that governs the StatefulSets)");
    }

    private static List<String> images(StatefulSet sts) {
        var spec = sts.getSpec().getTemplate().getSpec();
        return Stream.concat(spec.getInitContainers().stream(), spec.getContainers().stream())
                .map(Container::getImage)
                .toList();
    }

    private static PersistentVolumeClaim claim(StatefulSet sts) {
        return sts.getSpec().getVolumeClaimTemplates().get(0);
    }

    private static Integer nodePortOf(RedisManifest manifest) {
        Service svc = manifest.nodePort().orElseThrow();
        return svc.getSpec().getPorts().get(0).getNodePort();
    }

}
