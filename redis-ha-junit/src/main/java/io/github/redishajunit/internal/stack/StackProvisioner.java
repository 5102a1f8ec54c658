package io.github.redishajunit.internal.stack;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.redishajunit.RedisHAProvisioningException;
import io.github.redishajunit.StackScope;
import io.github.redishajunit.internal.cluster.ClusterTarget;
import io.github.redishajunit.internal.credentials.StackCredentials;
import io.github.redishajunit.internal.discovery.StackDiscovery;
import io.github.redishajunit.internal.manifest.AuthSecret;
import io.github.redishajunit.internal.manifest.ManifestOverrides;
import io.github.redishajunit.internal.manifest.RedisManifest;
import io.github.redishajunit.internal.manifest.RunLabels;
import io.github.redishajunit.internal.manifest.StorageClassCheck;
import io.github.redishajunit.internal.manifest.SentinelOverrides;
import io.github.redishajunit.internal.manifest.TlsOverrides;
import io.github.redishajunit.internal.manifest.TlsSecret;
import io.github.redishajunit.internal.pods.LabelSelector;
import io.github.redishajunit.internal.pods.NamespaceWatch;
import io.github.redishajunit.internal.progress.Concurrently;
import io.github.redishajunit.internal.progress.Durations;
import io.github.redishajunit.internal.progress.Progress;
import io.github.redishajunit.internal.readiness.Diagnostics;
import io.github.redishajunit.internal.readiness.Evidence;
import io.github.redishajunit.internal.readiness.ReplicationReadiness;
import io.github.redishajunit.internal.settings.ExtensionConfig;
import io.github.redishajunit.internal.topology.KubernetesHACluster;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apiguardian.api.API;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Brings a stack up, failure-atomically: it returns a handle, or collects the evidence, releases what it created
 * (subject to the cleanup policy) and throws one exception that carries it all. Provision mode: namespace, manifest
 * with overrides, server-side apply, then the same path as attach mode: the stack's Redis pods found by what they
 * serve, the password found where they say it is, roles asked of the servers; and replication. Attach mode: the
 * stack already running in a namespace, whatever made it; nothing created, nothing deleted.
 */
@API(status = API.Status.INTERNAL)
public final class StackProvisioner {

    static final String FIELD_MANAGER = "redis-ha-junit";

    private StackProvisioner() {}

    /**
     * @param manifest the manifest to provision, as loaded (provision mode only)
     * @param scope the extension context whose store will hold the stack
     * @param startNanos when the scope started, for progress lines
     * @param onClose run when the stack is closed (unregisters it)
     */
    public record Request(ClusterTarget target, ExtensionConfig config, Supplier<RedisManifest> manifest,
            Class<?> testClass, String runId, Path reportsDir, ExtensionContext scope, long startNanos,
            Runnable onClose) {}

    public static StackResource provision(Request request) {
        ExtensionConfig config = request.config();
        if (!config.provision()) {
            return attach(request);
        }
        return provisionNew(request, request.manifest().get());
    }

    private static StackResource provisionNew(Request request, RedisManifest loaded) {
        ExtensionConfig config = request.config();
        KubernetesClient client = request.target().client();
        Instant deadline = Instant.now().plus(config.startupTimeout());
        String ns = config.namespace().orElseGet(() -> NamespaceProvisioner.ephemeralName(
                config.scope() == StackScope.RUN ? "run" : request.testClass().getSimpleName()));
        Progress progress = new Progress(ns, request.startNanos());
        progress.phase("target " + request.target().describe());
        Map<String, String> labels = RunLabels.labels(request.runId());
        Integer manifestPort = loaded.nodePort()
                .flatMap(s -> s.getSpec().getPorts().stream().findFirst())
                .map(p -> p.getNodePort())
                .orElse(null);
        Integer nodePort = ManifestOverrides.nodePort(config, request.target().requiredNodePort(), manifestPort);
        RedisManifest manifest = ManifestOverrides.apply(loaded, config, labels, nodePort);
        if (config.sentinel()) {
            manifest = SentinelOverrides.withSentinels(manifest);
        }
        StorageClassCheck.check(client, manifest);

        StackResource.Release release;
        if (config.ephemeralNamespace() || !NamespaceProvisioner.exists(client, ns)) {
            NamespaceProvisioner.create(client, ns, labels, request.testClass().getName(), config.ttl());
            release = new StackResource.Release.DeleteNamespace(ns);
            progress.phase("namespace " + ns + " created");
        } else {
            release = new StackResource.Release.DeleteObjects(ns, manifest.items());
            progress.phase("using existing namespace " + ns);
        }
        NamespaceWatch watch = new NamespaceWatch(client, ns);
        KubernetesHACluster cluster = null;
        ReplicationReadiness readiness = null;
        try {
            if (config.auth()) {
                manifest = ManifestOverrides.withAuth(manifest, AuthSecret.create(client, ns, labels));
                progress.phase("AUTH on: Secret " + AuthSecret.NAME + " with a random password");
            }
            if (config.tls()) {
                int names = TlsSecret.create(client, ns, labels, manifest);
                manifest = TlsOverrides.withTls(manifest, TlsSecret.NAME);
                progress.phase("TLS only: Secret " + TlsSecret.NAME + " with a CA made for " + ns + " and a"
                        + " certificate for " + names + " names");
            }
            // two waves, each applied at once: the Services (and any other object) and the master's StatefulSet,
            // which starts first and looks no name up, then the other workloads, so that no replica looks a
            // Service's name up before its record exists (CoreDNS caches the NXDOMAIN for its cache TTL)
            String master = manifest.master().getMetadata().getName();
            Map<Boolean, List<HasMetadata>> waves = manifest.items().stream()
                    .collect(Collectors.partitioningBy(item -> isWorkload(item)
                            && !(item instanceof StatefulSet && item.getMetadata().getName().equals(master))));
            for (List<HasMetadata> wave : List.of(waves.get(false), waves.get(true))) {
                Concurrently.forEach(wave, item -> client.resource(item).inNamespace(ns).fieldManager(FIELD_MANAGER)
                        .forceConflicts().serverSideApply());
            }
            // the informers list what the apply made (started before it, they slowed its requests by 0.2 s)
            watch.start();
            progress.phase("manifest applied (" + manifest.items().stream()
                    .map(i -> i.getKind() + "/" + i.getMetadata().getName())
                    .collect(Collectors.joining(", ")) + "; " + manifest.replicaCount() + " replicas, image "
                    + manifest.master().getSpec().getTemplate().getSpec().getContainers().get(0).getImage()
                    + (nodePort == null ? ", NodePort allocated" : ", NodePort " + nodePort) + ")");
            readiness = new ReplicationReadiness(watch, progress, false);
            int pods = 1 + manifest.replicaCount();
            StackDiscovery.Found found = readiness.awaitPods(client, LabelSelector.all(), OptionalInt.of(pods),
                    "1 master and " + manifest.replicaCount() + " replicas, from manifest " + manifest.location(),
                    deadline);
            cluster = handle(request, watch, found);
            readiness.awaitRunning(cluster, deadline);
            readiness.awaitReplication(cluster, deadline);
            readiness.awaitExternalEndpoint(cluster);
            progress.info("Redis HA cluster ready in {} since start", Durations.format(progress.elapsed()));
            return new StackResource(cluster, release, config.cleanup(), request.scope(), progress,
                    request.onClose());
        } catch (RuntimeException | AssertionError e) {
            throw failure(request, watch, cluster != null ? cluster : partial(request, watch, readiness), release,
                    progress, e);
        }
    }

    /** What makes pods: applied after everything they may refer to. */
    private static boolean isWorkload(HasMetadata item) {
        return item instanceof StatefulSet || item instanceof Deployment || item instanceof Pod;
    }

    private static StackResource attach(Request request) {
        ExtensionConfig config = request.config();
        KubernetesClient client = request.target().client();
        Instant deadline = Instant.now().plus(config.startupTimeout());
        String ns = config.namespace().orElseThrow();
        Progress progress = new Progress(ns, request.startNanos());
        progress.phase("target " + request.target().describe());
        NamespaceProvisioner.requireExisting(client, ns);
        LabelSelector selector = config.selector().map(LabelSelector::of).orElse(LabelSelector.all());
        NamespaceWatch watch = new NamespaceWatch(client, ns).start();
        StackResource.Release release = new StackResource.Release.Nothing();
        KubernetesHACluster cluster = null;
        ReplicationReadiness readiness = new ReplicationReadiness(watch, progress, true);
        try {
            OptionalInt expected = config.replicas().map(r -> OptionalInt.of(r + 1)).orElse(OptionalInt.empty());
            StackDiscovery.Found found = readiness.awaitPods(client, selector, expected, config.replicas()
                    .map(r -> "1 master and " + r + " replicas, from replicas = " + r)
                    .orElse("as many as their owners' specs ask for"), deadline);
            cluster = handle(request, watch, found);
            readiness.awaitRunning(cluster, deadline);
            progress.info("Redis HA cluster attached in {} since start (replication is for the tests to check)",
                    Durations.format(progress.elapsed()));
            return new StackResource(cluster, release, config.cleanup(), request.scope(), progress,
                    request.onClose());
        } catch (ExtensionConfigurationException e) {
            closeQuietly(watch, cluster, e);
            throw e;
        } catch (RuntimeException | AssertionError e) {
            throw failure(request, watch, cluster != null ? cluster : partial(request, watch, readiness), release,
                    progress, e);
        }
    }

    /** A handle over the pods a failed wait found, so that the evidence has their logs and INFO; or null. */
    private static KubernetesHACluster partial(Request request, NamespaceWatch watch, ReplicationReadiness readiness) {
        if (readiness == null || readiness.lastFound().isEmpty()) {
            return null;
        }
        try {
            return handle(request, watch, readiness.lastFound().get());
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static KubernetesHACluster handle(Request request, NamespaceWatch watch, StackDiscovery.Found found) {
        List<Pod> pods = found.dataPods().stream().map(p -> watch.pod(p.pod())).flatMap(Optional::stream).toList();
        List<Pod> sentinels = found.sentinels().stream().map(p -> watch.pod(p.pod())).flatMap(Optional::stream)
                .toList();
        StackCredentials.Found credentials = StackCredentials.find(request.target().client(), watch.namespace(), pods,
                sentinels, request.config().credentials(), System::getenv);
        return new KubernetesHACluster(request.target(), watch, found, credentials, request.config().external());
    }

    private static void closeQuietly(NamespaceWatch watch, KubernetesHACluster cluster, Throwable failure) {
        RuntimeException closing = close(watch, cluster);
        if (closing != null) {
            failure.addSuppressed(closing);
        }
    }

    /** Closes the handle (which closes the watch), or the watch alone; returns what failed, or null. */
    private static RuntimeException close(NamespaceWatch watch, KubernetesHACluster cluster) {
        try {
            if (cluster != null) {
                cluster.close();
            } else {
                watch.close();
            }
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }

    private static RuntimeException failure(Request request, NamespaceWatch watch, KubernetesHACluster cluster,
            StackResource.Release release, Progress progress, Throwable cause) {
        String ns = watch.namespace();
        String summary;
        if (cause instanceof ReplicationReadiness.StackFailure || cause instanceof ExtensionConfigurationException) {
            summary = cause.getMessage();
        } else if (cause instanceof ConditionTimeoutException) {
            summary = "Redis HA cluster in namespace " + ns + " did not "
                    + (request.config().provision() ? "replicate" : "run") + " within "
                    + Durations.format(request.config().startupTimeout()) + ": " + cause.getMessage();
        } else {
            summary = "Redis HA cluster in namespace " + ns + " could not be provisioned: " + cause;
        }
        progress.warn("{} (after {})", summary, Durations.format(progress.elapsed()));
        KubernetesClient client = request.target().client();
        Evidence evidence = cluster != null
                ? Diagnostics.collect(cluster, "provisioning", request.reportsDir(), request.testClass().getName())
                : Diagnostics.collect(client, ns, List.of(), "provisioning", request.reportsDir(),
                        request.testClass().getName());
        String outcome;
        Throwable cleanupFailure = close(watch, cluster);
        try {
            outcome = StackResource.releaseOrKeep(client, release, request.config().cleanup(), true, progress);
        } catch (RuntimeException e) {
            outcome = "Cleanup failed: " + e.getMessage();
            cleanupFailure = cleanupFailure == null ? e : cleanupFailure;
        }
        String message = summary + "\n\n" + evidence.text() + "\n" + outcome
                + (evidence.file().isPresent() ? "\n" + evidence.whereWritten() : "");
        RuntimeException failure = cause instanceof ExtensionConfigurationException
                ? new ExtensionConfigurationException(message, cause)
                : new RedisHAProvisioningException(message, cause);
        if (cleanupFailure != null) {
            failure.addSuppressed(cleanupFailure);
        }
        return failure;
    }
}
