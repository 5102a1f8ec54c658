package io.github.redishajunit.internal.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.github.redishajunit.CleanupPolicy;
import io.github.redishajunit.internal.progress.Progress;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What each cleanup policy deletes, against fabric8's mock server in CRUD mode. */
@EnableKubernetesMockClient(crud = true)
class CleanupTest {

    static KubernetesClient client;

    private final Progress progress = new Progress("rha-x", System.nanoTime());
    private final StackResource.Release namespace = new StackResource.Release.DeleteNamespace("rha-x");

    @BeforeEach
    void namespaceExists() {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("rha-x").endMetadata().build())
                .createOr(existing -> existing.update());
    }

    private boolean exists() {
        return client.namespaces().withName("rha-x").get() != null;
    }

    @Test
    void alwaysDeletesEvenAfterAFailure() {
        String outcome = StackResource.releaseOrKeep(client, namespace, CleanupPolicy.ALWAYS, true, progress);

        assertThat(outcome).isEqualTo("Deleted namespace rha-x (cleanup = ALWAYS).");
        assertThat(exists()).isFalse();
    }

    @Test
    void onSuccessDeletesWhenNothingFailed() {
        StackResource.releaseOrKeep(client, namespace, CleanupPolicy.ON_SUCCESS, false, progress);

        assertThat(exists()).isFalse();
    }

    @Test
    void onSuccessKeepsAfterAFailureAndSaysHowToInspect() {
        String outcome = StackResource.releaseOrKeep(client, namespace, CleanupPolicy.ON_SUCCESS, true, progress);

        assertThat(outcome).isEqualTo("Kept namespace rha-x (cleanup = ON_SUCCESS and something failed). Inspect it:"
                + " kubectl get all,pvc,events -n rha-x; delete it: kubectl delete namespace rha-x");
        assertThat(exists()).isTrue();
    }

    @Test
    void neverKeeps() {
        String outcome = StackResource.releaseOrKeep(client, namespace, CleanupPolicy.NEVER, false, progress);

        assertThat(outcome).startsWith("Kept namespace rha-x (cleanup = NEVER).");
        assertThat(exists()).isTrue();
    }

    @Test
    void attachModeDeletesNothingWhateverThePolicy() {
        String outcome = StackResource.releaseOrKeep(client, new StackResource.Release.Nothing(),
                CleanupPolicy.ALWAYS, false, progress);

        assertThat(outcome).isEqualTo("Nothing was deleted (attach mode).");
        assertThat(exists()).isTrue();
    }
}
