package io.github.redishajunit.internal.manifest;

import io.fabric8.kubernetes.api.builder.TypedVisitor;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.github.redishajunit.internal.settings.ExtensionConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * The {@code @RedisHACluster} settings applied to a loaded manifest with fabric8 builders: replicas of the replica
 * StatefulSet, the image of every container (init containers too), StorageClass and size of the volume claim
 * templates, the NodePort, and the sweep labels on everything. Resources and everything else stay untouched.
 */
@API(status = API.Status.INTERNAL)
public final class ManifestOverrides {

    /** The commands that start a Redis server: Redis's, and Valkey's own name for it. */
    static final Set<String> SERVERS = Set.of("redis-server", "valkey-server");

    static final String MAX_REPLICAS_FLAG = "--repl-diskless-sync-max-replicas";

    private ManifestOverrides() {}

    /**
     * The NodePort to set: {@code null} lets Kubernetes allocate one. An explicit setting wins; then a port the
     * target needs (embedded K3s); ephemeral namespaces get an allocated port (a fixed one would collide between
     * classes); otherwise the manifest's stays.
     */
    public static Integer nodePort(ExtensionConfig config, Optional<Integer> requiredByTarget, Integer manifests) {
        if (config.nodePort().isPresent()) {
            return config.nodePort().get() == 0 ? null : config.nodePort().get();
        }
        if (requiredByTarget.isPresent()) {
            return requiredByTarget.get();
        }
        return config.ephemeralNamespace() ? null : manifests;
    }

    /**
     * @param labels added to every object, pod template and volume claim template
     * @param nodePort the NodePort to set, {@code null} to have one allocated (see {@link #nodePort})
     */
    public static RedisManifest apply(RedisManifest manifest, ExtensionConfig config, Map<String, String> labels,
            Integer nodePort) {
        List<HasMetadata> result = new ArrayList<>();
        for (HasMetadata item : manifest.items()) {
            HasMetadata edited = item;
            if (item instanceof StatefulSet sts) {
                edited = statefulSet(sts, sts == manifest.replicas(), config, labels);
                if (sts == manifest.master() && config.replicas().isPresent()) {
                    edited = syncStartsWith((StatefulSet) edited, config.replicas().get());
                }
            } else if (item instanceof Service svc && manifest.nodePort().filter(np -> np == svc).isPresent()) {
                edited = nodePortService(svc, nodePort);
            }
            edited.setMetadata(new ObjectMetaBuilder(edited.getMetadata()).addToLabels(labels).build());
            result.add(edited);
        }
        return manifest.withItems(result);
    }

    private static StatefulSet statefulSet(StatefulSet sts, boolean replicaSet, ExtensionConfig config,
            Map<String, String> labels) {
        StatefulSetBuilder builder = new StatefulSetBuilder(sts);
        if (replicaSet && config.replicas().isPresent()) {
            builder.editSpec().withReplicas(config.replicas().get()).endSpec();
        }
        config.image().ifPresent(image -> builder.accept(new TypedVisitor<ContainerBuilder>() {
            @Override
            public void visit(ContainerBuilder container) {
                container.withImage(image);
            }
        }));
        builder.accept(new TypedVisitor<PodTemplateSpecBuilder>() {
            @Override
            public void visit(PodTemplateSpecBuilder template) {
                template.editOrNewMetadata().addToLabels(labels).endMetadata();
            }
        });
        builder.accept(new TypedVisitor<PersistentVolumeClaimBuilder>() {
            @Override
            public void visit(PersistentVolumeClaimBuilder claim) {
                claim.editOrNewMetadata().addToLabels(RunLabels.MANAGED_BY, RunLabels.MANAGER).endMetadata();
                config.storageClass().ifPresent(sc -> claim.editOrNewSpec().withStorageClassName(sc).endSpec());
                config.storageSize().ifPresent(size -> claim.editOrNewSpec()
                        .editOrNewResources()
                        .addToRequests("storage", new Quantity(size))
                        .endResources()
                        .endSpec());
            }
        });
        return builder.build();
    }

    /**
     * The master's {@value #MAX_REPLICAS_FLAG}, where its {@code redis-server} arguments set it, follows the replica
     * count: the first sync starts once that many replicas are connected (more than run would wait for the fixed
     * delay, fewer would start without the last one and sync it again). A manifest without the flag keeps its
     * meaning.
     */
    private static StatefulSet syncStartsWith(StatefulSet master, int replicas) {
        StatefulSetBuilder builder = new StatefulSetBuilder(master);
        builder.accept(new TypedVisitor<ContainerBuilder>() {
            @Override
            public void visit(ContainerBuilder container) {
                List<String> args = container.getArgs();
                int flag = args == null ? -1 : args.indexOf(MAX_REPLICAS_FLAG);
                if (flag >= 0 && flag + 1 < args.size()) {
                    List<String> edited = new ArrayList<>(args);
                    edited.set(flag + 1, Integer.toString(replicas));
                    container.withArgs(edited);
                }
            }
        });
        return builder.build();
    }

    /**
     * AUTH on, from Secret {@code secret} key {@value AuthSecret#KEY}: every container (init containers too) gets
     * {@code REDIS_PASSWORD} and {@code REDISCLI_AUTH} (so that {@code redis-cli} in probes authenticates) from it,
     * and every container started as {@code redis-server} (or Valkey's {@code valkey-server}) gets {@code
     * --requirepass} and {@code --masterauth}.
     */
    public static RedisManifest withAuth(RedisManifest manifest, String secret) {
        List<HasMetadata> result = new ArrayList<>();
        for (HasMetadata item : manifest.items()) {
            if (item instanceof StatefulSet sts) {
                StatefulSetBuilder builder = new StatefulSetBuilder(sts);
                builder.accept(new TypedVisitor<ContainerBuilder>() {
                    @Override
                    public void visit(ContainerBuilder container) {
                        for (String name : List.of("REDIS_PASSWORD", "REDISCLI_AUTH")) {
                            container.addNewEnv().withName(name).withNewValueFrom().withNewSecretKeyRef()
                                    .withName(secret).withKey(AuthSecret.KEY).endSecretKeyRef().endValueFrom()
                                    .endEnv();
                        }
                        List<String> args = container.getArgs();
                        if (args != null && !args.isEmpty() && SERVERS.contains(args.get(0))) {
                            container.addToArgs("--requirepass", "$(REDIS_PASSWORD)", "--masterauth",
                                    "$(REDIS_PASSWORD)");
                        }
                    }
                });
                result.add(builder.build());
            } else {
                result.add(item);
            }
        }
        return manifest.withItems(result);
    }

    private static Service nodePortService(Service svc, Integer nodePort) {
        // the first port is the Redis port; a manifest with more NodePorts keeps the others as written
        return new ServiceBuilder(svc).editSpec().editFirstPort().withNodePort(nodePort).endPort().endSpec().build();
    }
}
