package io.github.redishajunit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;

class LabelSelectorTest {

    private static Pod pod(String... labels) {
        PodBuilder pod = new PodBuilder().withNewMetadata().withName("p").endMetadata();
        for (int i = 0; i < labels.length; i += 2) {
            pod.editMetadata().addToLabels(labels[i], labels[i + 1]).endMetadata();
        }
        return pod.build();
    }

    @Test
    void everyTermMustHold() {
        LabelSelector selector = LabelSelector.parse("app.kubernetes.io/instance=cache, tier!=cache-proxy,role,!legacy");

        assertThat(selector.matches(pod("app.kubernetes.io/instance", "cache", "role", "x"))).isTrue();
        assertThat(selector.matches(pod("app.kubernetes.io/instance", "cache", "role", "x", "tier", "cache-proxy")))
                .isFalse();
        assertThat(selector.matches(pod("app.kubernetes.io/instance", "cache"))).isFalse();
        assertThat(selector.matches(pod("app.kubernetes.io/instance", "cache", "role", "x", "legacy", "1"))).isFalse();
        assertThat(selector.matches(pod("app.kubernetes.io/instance", "other", "role", "x"))).isFalse();
        assertThat(LabelSelector.parse("a==b").matches(pod("a", "b"))).isTrue();
        assertThat(LabelSelector.all().matches(pod())).isTrue();
        assertThat(selector.text()).hasValue("app.kubernetes.io/instance=cache, tier!=cache-proxy,role,!legacy");
    }

    @Test
    void setBasedTermsAreRejectedNamingTheTerm() {
        assertThatIllegalArgumentException().isThrownBy(() -> LabelSelector.parse("app=cache,tier in (a,b)"))
                .withMessage("'tier in (a' is not a label selector term (write key=value, key!=value, key or !key,"
                        + " comma-separated, as kubectl get pods -l takes them)");
        assertThatIllegalArgumentException().isThrownBy(() -> LabelSelector.parse("!a=b"))
                .withMessageStartingWith("'!a=b' is not a label selector term");
    }
}
