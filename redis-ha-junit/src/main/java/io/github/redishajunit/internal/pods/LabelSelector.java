package io.github.redishajunit.internal.pods;

import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.github.redishajunit.RedisHACluster;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * A label selector as {@code kubectl -l} takes it ({@code key=value}, {@code key!=value}, {@code key in (a,b)},
 * {@code key notin (a)}, {@code key}, {@code !key}, comma-separated), matched by the API server, as kubectl has it
 * matched: this class never parses it.
 */
@API(status = API.Status.INTERNAL)
public final class LabelSelector {

    private final Optional<String> text;

    private LabelSelector(Optional<String> text) {
        this.text = text;
    }

    public static LabelSelector all() {
        return new LabelSelector(Optional.empty());
    }

    public static LabelSelector of(String selector) {
        return new LabelSelector(Optional.of(selector.trim()));
    }

    public Optional<String> text() {
        return text;
    }

    /**
     * Which pods of {@code namespace} the selector picks, asked of the API server once (a list with the selector).
     *
     * @throws ExtensionConfigurationException when the API server refuses the selector, naming it and its answer
     */
    public Predicate<Pod> matcher(KubernetesClient client, String namespace) {
        if (text.isEmpty()) {
            return pod -> true;
        }
        Set<String> names;
        try {
            names = client.pods().inNamespace(namespace).list(new ListOptionsBuilder().withLabelSelector(text.get())
                    .build()).getItems().stream().map(pod -> pod.getMetadata().getName()).collect(Collectors.toSet());
        } catch (KubernetesClientException e) {
            if (e.getCode() != 400) {
                throw e;
            }
            String said = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage()
                    : e.getMessage();
            throw new ExtensionConfigurationException("@RedisHACluster configuration parameter "
                    + RedisHACluster.SELECTOR_KEY + " = \"" + text.get() + "\" is invalid: the API server refused it ("
                    + said + ") (fix: write it as kubectl get pods -l takes it: key=value, key!=value, key in (a,b),"
                    + " key notin (a), key or !key, comma-separated)", e);
        }
        return pod -> names.contains(pod.getMetadata().getName());
    }
}
