package io.github.redishajunit.internal.cluster;

import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.github.redishajunit.RedisHACluster;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * Checks {@value RedisHACluster#CONTEXT_KEY} against the contexts of the kubeconfig it selects from. fabric8
 * ({@code Config.autoConfigure(context)}, {@code Config.fromKubeconfig(context, file)}) silently uses the current
 * context when the named one is missing, and the tests would run against another cluster than the one asked for.
 */
final class KubeconfigContexts {

    private KubeconfigContexts() {}

    /** Fails naming the kubeconfig and its contexts unless {@code context} is empty or one of them. */
    static void require(Optional<String> context, List<Path> kubeconfigs) {
        if (context.isEmpty()) {
            return;
        }
        List<String> names = new ArrayList<>();
        Optional<String> current = Optional.empty();
        for (Path file : kubeconfigs) {
            Config kubeconfig;
            try {
                // fabric8's public reading of one file: every context it holds, and the current one
                kubeconfig = Config.fromKubeconfig(null, file.toFile());
            } catch (KubernetesClientException unreadable) {
                continue;
            }
            if (kubeconfig.getContexts() != null) {
                kubeconfig.getContexts().stream().map(NamedContext::getName).forEach(names::add);
            }
            if (current.isEmpty()) {
                current = Optional.ofNullable(kubeconfig.getCurrentContext()).map(NamedContext::getName)
                        .filter(name -> !name.isEmpty());
            }
        }
        if (!names.contains(context.get())) {
            throw new ExtensionConfigurationException("@RedisHACluster configuration parameter "
                    + RedisHACluster.CONTEXT_KEY + " = \"" + context.get() + "\" is invalid: kubeconfig "
                    + String.join(File.pathSeparator, kubeconfigs.stream().map(Path::toString).toList())
                    + " has no context " + context.get() + " (its contexts: "
                    + (names.isEmpty() ? "none" : String.join(", ", names)) + ") (fix: set it to one of them, or"
                    + " unset it to use the current context" + current.map(name -> " " + name).orElse("") + ")");
        }
    }
}
