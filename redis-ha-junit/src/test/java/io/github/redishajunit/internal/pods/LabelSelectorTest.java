package io.github.redishajunit.internal.pods;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodListBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * The selector goes to the API server as it was written, set-based terms included, and the pods it names are the
 * ones picked; a selector the server refuses fails naming the parameter, the value and the server's answer. The
 * matching itself is the API server's (InClusterIT and CertificationIT run selectors against a real one).
 */
@EnableKubernetesMockClient(https = false, crud = false)
class LabelSelectorTest {

    private static final String SELECTOR = "app.kubernetes.io/part-of in (redis-ha),!legacy";

    static KubernetesMockServer server;
    static KubernetesClient client;

    private static Pod pod(String name) {
        return new PodBuilder().withNewMetadata().withName(name).endMetadata().build();
    }

    private static String path() {
        return "/api/v1/namespaces/ns/pods?labelSelector=" + URLEncoder.encode(SELECTOR, StandardCharsets.UTF_8)
                .replace("+", "%20");
    }

    @Test
    void thePodsTheApiServerSelectsAreTheOnesPicked() {
        server.expect().get().withPath(path()).andReturn(200, new PodListBuilder().addToItems(pod("redis-master-0"),
                pod("redis-slave-0")).build()).once();

        Predicate<Pod> picked = LabelSelector.of(" " + SELECTOR + " ").matcher(client, "ns");

        assertThat(picked).accepts(pod("redis-master-0"), pod("redis-slave-0")).rejects(pod("legacy-0"));
        assertThat(LabelSelector.of(SELECTOR).text()).hasValue(SELECTOR);
        assertThat(LabelSelector.all().matcher(client, "ns")).accepts(pod("anything"));
    }

    @Test
    void aSelectorTheApiServerRefusesFailsNamingItAndTheAnswer() {
        server.expect().get().withPath(path()).andReturn(400, new StatusBuilder().withCode(400).withReason("BadRequest")
                .withMessage("unable to parse requirement: found '(', expected: identifier").build()).once();

        assertThatThrownBy(() -> LabelSelector.of(SELECTOR).matcher(client, "ns"))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("@RedisHACluster configuration parameter redis.ha.selector = \"" + SELECTOR + "\" is"
                        + " invalid: the API server refused it (unable to parse requirement: found '(', expected:"
                        + " identifier) (fix: write it as kubectl get pods -l takes it: key=value, key!=value, key in"
                        + " (a,b), key notin (a), key or !key, comma-separated)");
    }
}
