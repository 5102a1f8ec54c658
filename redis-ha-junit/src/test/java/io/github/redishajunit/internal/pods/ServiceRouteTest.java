package io.github.redishajunit.internal.pods;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Addresses announced through Services: a per-pod Service's ClusterIP and DNS names, its port mapped to the pod's
 * by number or by name, and only when its selector picks that pod alone.
 */
class ServiceRouteTest {

    private static Pod pod(String name, String app) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("shop")
                .withLabels(Map.of("app", app, "pod-name", name)).endMetadata().withNewSpec()
                .addNewContainer().withName("kv").addNewPort().withName("kv-port").withContainerPort(7000).endPort()
                .endContainer().addNewContainer().withName("watcher").addNewPort().withName("watch")
                .withContainerPort(27000).endPort().endContainer().endSpec().build();
    }

    private static Service service(String name, String clusterIp, Map<String, String> selector, int port,
            IntOrString target) {
        return new ServiceBuilder().withNewMetadata().withName(name).withNamespace("shop").endMetadata()
                .withNewSpec().withClusterIP(clusterIp).withSelector(selector).addNewPort().withPort(port)
                .withTargetPort(target).endPort().endSpec().build();
    }

    private final Pod first = pod("kv-a", "kv");
    private final Pod second = pod("kv-b", "kv");
    private final Service perPod = service("kv-door-1", "10.96.7.7", Map.of("pod-name", "kv-a"), 6400,
            new IntOrString("kv-port"));

    @Test
    void aPerPodServiceIsNamedByItsClusterIpAndEveryFormOfItsDnsName() {
        for (String host : List.of("10.96.7.7", "kv-door-1", "kv-door-1.shop", "kv-door-1.shop.svc",
                "kv-door-1.shop.svc.corp.example")) {
            assertThat(ServiceRoute.names(perPod, host)).as(host).isTrue();
        }
        for (String host : List.of("10.96.7.8", "kv-door-10", "kv-door-1.other.svc", "kv-door-1.shopping.svc")) {
            assertThat(ServiceRoute.names(perPod, host)).as(host).isFalse();
        }
    }

    @Test
    void itsPortLeadsToThePodsPortByNameOrNumberAndNoOtherPort() {
        assertThat(ServiceRoute.leadsTo(perPod, 6400, first, "kv", 7000)).isTrue();
        assertThat(ServiceRoute.leadsTo(perPod, 7000, first, "kv", 7000)).isFalse();
        assertThat(ServiceRoute.leadsTo(perPod, 6400, first, "watcher", 27000)).isFalse();
        Service byNumber = service("kv-door-2", "10.96.7.8", Map.of("pod-name", "kv-a"), 6400, new IntOrString(7000));
        assertThat(ServiceRoute.leadsTo(byNumber, 6400, first, "kv", 7000)).isTrue();
        Service noTarget = service("kv-door-3", "10.96.7.9", Map.of("pod-name", "kv-a"), 7000, null);
        assertThat(ServiceRoute.leadsTo(noTarget, 7000, first, "kv", 7000)).isTrue();
        Service headless = service("kv-dns", "None", Map.of("pod-name", "kv-a"), 1, null);
        assertThat(ServiceRoute.leadsTo(headless, 7000, first, "kv", 7000)).isTrue();
        assertThat(ServiceRoute.leadsTo(headless, 1, first, "kv", 7000)).isFalse();
        assertThat(ServiceRoute.names(headless, "None")).isFalse();
    }

    @Test
    void aServiceThatSelectsSeveralPodsIsNoOnePodsAddress() {
        Service all = service("kv", "10.96.7.10", Map.of("app", "kv"), 6400, new IntOrString(7000));
        assertThat(ServiceRoute.selectsOnly(perPod, first, List.of(first, second))).isTrue();
        assertThat(ServiceRoute.selectsOnly(perPod, second, List.of(first, second))).isFalse();
        assertThat(ServiceRoute.selectsOnly(all, first, List.of(first, second))).isFalse();
        assertThat(ServiceRoute.selectsOnly(all, first, List.of(first))).isTrue();
    }
}
