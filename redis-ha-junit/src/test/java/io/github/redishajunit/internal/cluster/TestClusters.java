package io.github.redishajunit.internal.cluster;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.github.redishajunit.RedisHACluster;
import io.github.redishajunit.internal.settings.ConfigResolver;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * For the integration tests in other packages: a client for the cluster the extension will use (the same
 * resolution: {@code -Dredis.ha.kubeconfig}, else KUBECONFIG / ~/.kube/config), which fails loudly when there is
 * none. Test code only.
 */
public final class TestClusters {

    private TestClusters() {}

    /** A kubeconfig at {@code file} for {@code server} (a mock API server's URL), one context, a token user. */
    public static Path kubeconfig(Path file, String server) throws IOException {
        return Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters:
                  - name: test
                    cluster:
                      server: %s
                contexts:
                  - name: test
                    context:
                      cluster: test
                      user: test
                current-context: test
                users:
                  - name: test
                    user:
                      token: not-a-secret
                """.formatted(server), StandardCharsets.UTF_8);
    }

    public static KubernetesClient client() {
        // the same choice the extension makes; fails listing what was tried when there is no cluster
        var selection = ClusterChoice.select(
                new ConfigResolver(key -> Optional.ofNullable(System.getProperty(key))).targetSettings(),
                ClusterChoice.Environment.current());
        if (selection instanceof ClusterChoice.Selection.EmbeddedK3s) {
            throw new AssertionError("The integration tests need a Kubernetes cluster, and only an embedded K3s is"
                    + " available (" + selection.describe() + "). Start one (scripts/local-cluster up) and set"
                    + " KUBECONFIG or -D" + RedisHACluster.KUBECONFIG_KEY + "=<kubeconfig>.");
        }
        String kubeconfig = System.getProperty(RedisHACluster.KUBECONFIG_KEY);
        Config config = kubeconfig != null
                ? Config.fromKubeconfig(System.getProperty(RedisHACluster.CONTEXT_KEY), new File(kubeconfig))
                : Config.autoConfigure(System.getProperty(RedisHACluster.CONTEXT_KEY));
        config.setRequestRetryBackoffLimit(0);
        KubernetesClient client = new KubernetesClientBuilder().withConfig(ClientKeyAlgorithm.fix(config)).build();
        try {
            client.getKubernetesVersion();
        } catch (KubernetesClientException e) {
            client.close();
            throw new AssertionError("The integration tests need a Kubernetes cluster and " + config.getMasterUrl()
                    + " does not answer (" + e.getMessage() + "). Start one (scripts/local-cluster up) and set"
                    + " KUBECONFIG or -D" + RedisHACluster.KUBECONFIG_KEY + "=<kubeconfig>.", e);
        }
        return client;
    }
}
