package io.github.redishajunit.internal.stack;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.redishajunit.CleanupPolicy;
import io.github.redishajunit.HACluster;
import io.github.redishajunit.Releases;
import io.github.redishajunit.internal.manifest.RunLabels;
import io.github.redishajunit.internal.progress.Durations;
import io.github.redishajunit.internal.progress.Progress;
import io.github.redishajunit.internal.topology.KubernetesHACluster;
import java.util.List;
import java.util.Locale;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A provisioned (or attached) stack as an {@link ExtensionContext.Store} value: JUnit closes it when the scope that
 * holds it ends. Closing closes connections and port-forwards, then deletes what was provisioned as the cleanup
 * policy says. The first failure is thrown, later ones are suppressed into it; JUnit adds it to the test's own
 * failure, so it never hides it.
 */
@API(status = API.Status.INTERNAL)
public final class StackResource implements AutoCloseable {

    private final KubernetesHACluster cluster;
    private final Release release;
    private final CleanupPolicy policy;
    private final ExtensionContext scope;
    private final Progress progress;
    private final Runnable onClose;
    private volatile boolean failed;

    StackResource(KubernetesHACluster cluster, Release release, CleanupPolicy policy, ExtensionContext scope,
            Progress progress, Runnable onClose) {
        this.cluster = cluster;
        this.release = release;
        this.policy = policy;
        this.scope = scope;
        this.progress = progress;
        this.onClose = onClose;
    }

    /** What provisioning created, and how to undo it. */
    public sealed interface Release {
        /** The namespace was created for the stack: deleting it deletes everything. */
        record DeleteNamespace(String namespace) implements Release {}

        /** The stack was applied into an existing namespace: delete what was applied and the claims it made. */
        record DeleteObjects(String namespace, List<HasMetadata> items) implements Release {}

        /** Attach mode: nothing was created, nothing is deleted. */
        record Nothing() implements Release {}
    }

    public HACluster cluster() {
        return cluster;
    }

    public KubernetesHACluster kubernetesCluster() {
        return cluster;
    }

    /** Something in the scope failed: {@link CleanupPolicy#ON_SUCCESS} keeps the namespace. */
    public void markFailed() {
        failed = true;
    }

    /** Whether {@code context} is the scope of this stack or runs inside it. */
    public boolean covers(ExtensionContext context) {
        for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
            if (c == scope) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        boolean anyFailure = failed || scope.getExecutionException().isPresent();
        Releases.runAll(List.of(cluster::close,
                () -> releaseOrKeep(cluster.client(), release, policy, anyFailure, progress), onClose));
    }

    /**
     * Deletes what {@code release} names, unless the policy keeps it; logs the {@code kubectl} hint when kept.
     *
     * @return a sentence saying what happened, for failure messages
     */
    static String releaseOrKeep(KubernetesClient client, Release release, CleanupPolicy policy, boolean failed,
            Progress progress) {
        if (release instanceof Release.Nothing) {
            return "Nothing was deleted (attach mode).";
        }
        String ns = release instanceof Release.DeleteNamespace d ? d.namespace() : ((Release.DeleteObjects) release)
                .namespace();
        boolean delete = switch (policy) {
            case ALWAYS -> true;
            case NEVER -> false;
            default -> !failed;
        };
        String policyName = policy.name().toLowerCase(Locale.ROOT);
        if (!delete) {
            String why = policy == CleanupPolicy.NEVER ? "cleanup = NEVER" : "cleanup = ON_SUCCESS and something failed";
            String hint = "Kept namespace " + ns + " (" + why + "). Inspect it: kubectl get all,pvc,events -n " + ns
                    + "; delete it: " + (release instanceof Release.DeleteNamespace
                            ? "kubectl delete namespace " + ns
                            : "kubectl delete statefulset,service,pvc -l " + RunLabels.MANAGED_BY + "="
                                    + RunLabels.MANAGER + " -n " + ns);
            progress.warn(hint);
            return hint;
        }
        long start = System.nanoTime();
        if (release instanceof Release.DeleteNamespace) {
            NamespaceProvisioner.delete(client, ns);
            progress.info("namespace {} deleted (cleanup = {}) in {}", ns, policyName, Durations.since(start));
            return "Deleted namespace " + ns + " (cleanup = " + policy + ").";
        }
        Release.DeleteObjects objects = (Release.DeleteObjects) release;
        client.resourceList(objects.items()).inNamespace(ns).delete();
        client.persistentVolumeClaims().inNamespace(ns).withLabel(RunLabels.MANAGED_BY, RunLabels.MANAGER).delete();
        progress.info("stack deleted from namespace {} (cleanup = {}) in {}", ns, policyName, Durations.since(start));
        return "Deleted the stack from namespace " + ns + " (cleanup = " + policy + ").";
    }
}
