package io.github.redishajunit.internal;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.redishajunit.RedisHAProvisioningException;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Brings a stack up, failure-atomically: it returns a replicating stack, or collects the evidence, releases what it
 * created (subject to the cleanup policy) and throws one exception that carries it all. Provision mode: namespace,
 * manifest with overrides, server-side apply, readiness. Attach mode: the stack already running in a namespace,
 * nothing created, nothing deleted.
 */
final class StackProvisioner {

    public static final String FIELD_MANAGER = "redis-ha-junit";

    private StackProvisioner() {}

    /**
     * @param scope the extension context whose store will hold the stack
     * @param startNanos when the scope started, for progress lines
     * @param onClose run when the stack is closed (unregisters it)
     */
    public record Request(ClusterTarget target, ExtensionConfig config, Class<?> testClass, String runId,
            Path reportsDir, ExtensionContext scope, long startNanos, Runnable onClose) {}

    public static StackResource provision(Request request) {
        ExtensionConfig config = request.config();
        KubernetesClient client = request.target().client();
        RedisManifest loaded = ManifestLoader.load(client, config.manifest());
        return config.provision() ? provisionNew(request, loaded) : attach(request, loaded);
    }

    private static StackResource provisionNew(Request request, RedisManifest loaded) {
        ExtensionConfig config = request.config();
        KubernetesClient client = request.target().client();
        String ns = config.namespace()
                .orElseGet(() -> NamespaceProvisioner.ephemeralName(request.testClass().getSimpleName()));
        Progress progress = new Progress(ns, request.startNanos());
        progress.phase("target " + request.target().describe());
        Map<String, String> labels = RunLabels.labels(request.runId());
        Integer manifestPort = loaded.nodePort()
                .flatMap(s -> s.getSpec().getPorts().stream().findFirst())
                .map(p -> p.getNodePort())
                .orElse(null);
        Integer nodePort = ManifestOverrides.nodePort(config, request.target().requiredNodePort(), manifestPort);
        RedisManifest manifest = ManifestOverrides.apply(loaded, config, labels, nodePort);
        StorageClassCheck.check(client, manifest);

        StackResource.Release release;
        if (config.ephemeralNamespace() || !NamespaceProvisioner.exists(client, ns)) {
            NamespaceProvisioner.create(client, ns, labels, request.testClass().getName());
            release = new StackResource.Release.DeleteNamespace(ns);
            progress.phase("namespace " + ns + " created");
        } else {
            release = new StackResource.Release.DeleteObjects(ns, manifest.items());
            progress.phase("using existing namespace " + ns);
        }
        KubernetesHACluster cluster = new KubernetesHACluster(request.target(), ns, manifest, manifest.replicaCount());
        try {
            for (HasMetadata item : manifest.items()) {
                client.resource(item).inNamespace(ns).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
            }
            progress.phase("manifest applied (" + manifest.items().stream()
                    .map(i -> i.getKind() + "/" + i.getMetadata().getName())
                    .collect(Collectors.joining(", ")) + "; " + manifest.replicaCount() + " replicas, image "
                    + manifest.master().getSpec().getTemplate().getSpec().getContainers().get(0).getImage()
                    + (nodePort == null ? ", NodePort allocated" : ", NodePort " + nodePort) + ")");
            new ReplicationReadiness(cluster, progress).await(config.startupTimeout());
            progress.info("Redis HA cluster ready in {} since start", Durations.format(progress.elapsed()));
            return new StackResource(cluster, release, config.cleanup(), request.scope(), progress,
                    request.onClose());
        } catch (RuntimeException | AssertionError e) {
            throw failure(request, cluster, release, progress, e);
        }
    }

    private static StackResource attach(Request request, RedisManifest manifest) {
        ExtensionConfig config = request.config();
        KubernetesClient client = request.target().client();
        String ns = config.namespace().orElseThrow();
        Progress progress = new Progress(ns, request.startNanos());
        progress.phase("target " + request.target().describe());
        NamespaceProvisioner.requireExisting(client, ns);
        StatefulSet master = liveStatefulSet(client, ns, manifest, manifest.master());
        StatefulSet replicas = liveStatefulSet(client, ns, manifest, manifest.replicas());
        int expected = config.replicas().orElse(replicas.getSpec().getReplicas() == null
                ? 1
                : replicas.getSpec().getReplicas());
        progress.phase("attached to " + master.getMetadata().getName() + " and " + replicas.getMetadata().getName()
                + " (" + expected + " replicas expected)");
        KubernetesHACluster cluster = new KubernetesHACluster(request.target(), ns, manifest, expected);
        StackResource.Release release = new StackResource.Release.Nothing();
        try {
            new ReplicationReadiness(cluster, progress).awaitRunning(config.startupTimeout());
            progress.info("Redis HA cluster attached in {} since start (replication is for the tests to check)",
                    Durations.format(progress.elapsed()));
            return new StackResource(cluster, release, config.cleanup(), request.scope(), progress,
                    request.onClose());
        } catch (RuntimeException | AssertionError e) {
            throw failure(request, cluster, release, progress, e);
        }
    }

    private static StatefulSet liveStatefulSet(KubernetesClient client, String ns, RedisManifest manifest,
            StatefulSet declared) {
        String name = declared.getMetadata().getName();
        StatefulSet live = client.apps().statefulSets().inNamespace(ns).withName(name).get();
        if (live == null) {
            String found = client.apps().statefulSets().inNamespace(ns).list().getItems().stream()
                    .map(s -> s.getMetadata().getName())
                    .collect(Collectors.joining(", "));
            throw new ExtensionConfigurationException("@RedisHACluster(namespace = \"" + ns + "\", provision = false)"
                    + " is invalid: namespace " + ns + " has no StatefulSet " + name + " (named by manifest "
                    + manifest.location() + "; StatefulSets found: " + (found.isEmpty() ? "none" : found) + ")"
                    + " (deploy the stack there first, or point manifest at the one it was deployed from)");
        }
        return live;
    }

    private static RuntimeException failure(Request request, KubernetesHACluster cluster,
            StackResource.Release release, Progress progress, Throwable cause) {
        String ns = cluster.namespace();
        String summary;
        if (cause instanceof ReplicationReadiness.StackFailure) {
            summary = cause.getMessage();
        } else if (cause instanceof ConditionTimeoutException) {
            summary = "Redis HA cluster in namespace " + ns + " did not "
                    + (request.config().provision() ? "replicate" : "run") + " within "
                    + Durations.format(request.config().startupTimeout()) + ": " + cause.getMessage();
        } else {
            summary = "Redis HA cluster in namespace " + ns + " could not be provisioned: " + cause;
        }
        progress.warn("{} (after {})", summary, Durations.format(progress.elapsed()));
        Evidence evidence = Diagnostics.collect(cluster, "provisioning", request.reportsDir(),
                request.testClass().getName());
        String outcome;
        Throwable cleanupFailure = null;
        try {
            cluster.close();
        } catch (RuntimeException e) {
            cleanupFailure = e;
        }
        try {
            outcome = StackResource.releaseOrKeep(cluster.client(), release, request.config().cleanup(), true,
                    progress);
        } catch (RuntimeException e) {
            outcome = "Cleanup failed: " + e.getMessage();
            cleanupFailure = cleanupFailure == null ? e : cleanupFailure;
        }
        RedisHAProvisioningException failure = new RedisHAProvisioningException(summary + "\n\n" + evidence.text()
                + "\n" + outcome + (evidence.file().isPresent() ? "\n" + evidence.whereWritten() : ""), cause);
        if (cleanupFailure != null) {
            failure.addSuppressed(cleanupFailure);
        }
        return failure;
    }
}
