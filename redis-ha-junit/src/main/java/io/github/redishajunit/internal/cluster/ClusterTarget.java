package io.github.redishajunit.internal.cluster;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.github.redishajunit.Endpoint;
import io.github.redishajunit.RedisHACluster;
import io.github.redishajunit.internal.progress.Concurrently;
import io.github.redishajunit.internal.progress.Durations;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kubernetes cluster the stacks go to, as {@link ClusterChoice} chose it, connected, and how this JVM reaches a
 * NodePort on it. A named context must be one the kubeconfig has (fabric8 would silently use the current one
 * instead). The API server is probed ({@code GET /version}) before anything else so that an unreachable cluster fails
 * in seconds. One target per test run (stored in the root context), closed at the end of the run.
 */
@API(status = API.Status.INTERNAL)
public final class ClusterTarget implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterTarget.class);

    /** Present when Testcontainers' K3s module is on the classpath; checked before {@link TestcontainersK3s} loads. */
    public static final String K3S_CONTAINER_CLASS = "org.testcontainers.k3s.K3sContainer";
    static final String K3S_DEPENDENCY = "org.testcontainers:testcontainers-k3s";
    /** The NodePort exposed by the embedded K3s: the manifest's, pinned for that target. */
    static final int K3S_NODE_PORT = 30903;
    static final int PROBE_TIMEOUT_MILLIS = 5_000;
    static final Path SERVICE_ACCOUNT_TOKEN = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token");

    private final ClusterChoice.Selection selection;
    private final KubernetesClient client;
    private final TestcontainersK3s k3s;

    private ClusterTarget(ClusterChoice.Selection selection, KubernetesClient client, TestcontainersK3s k3s) {
        this.selection = selection;
        this.client = client;
        this.k3s = k3s;
    }

    /** Selects, connects and probes the API server. */
    public static ClusterTarget connect(TargetSettings settings, ClusterChoice.Environment environment) {
        long start = System.nanoTime();
        ClusterChoice.Selection selection = ClusterChoice.select(settings, environment);
        TestcontainersK3s k3s = null;
        Config config;
        if (selection instanceof ClusterChoice.Selection.Explicit explicit) {
            config = explicitKubeconfig(explicit);
        } else if (selection instanceof ClusterChoice.Selection.Standard standard) {
            config = Config.autoConfigure(standard.context().orElse(null));
        } else if (selection instanceof ClusterChoice.Selection.InCluster) {
            config = Config.autoConfigure(null);
        } else {
            LOG.info("Starting {}", selection.describe());
            k3s = TestcontainersK3s.start(((ClusterChoice.Selection.EmbeddedK3s) selection).settings(), K3S_NODE_PORT);
            config = Config.fromKubeconfig(k3s.kubeConfigYaml());
        }
        ClientKeyAlgorithm.fix(config);
        try {
            // the client is built while the probe asks: both pay their HTTP client's start-up
            Config chosen = config;
            CompletableFuture<KubernetesClient> built =
                    Concurrently.supply(() -> new KubernetesClientBuilder().withConfig(chosen).build());
            String version;
            try {
                version = probe(config, selection);
            } catch (RuntimeException unreachable) {
                built.thenAccept(KubernetesClient::close);
                throw unreachable;
            }
            KubernetesClient client = Concurrently.join(built);
            LOG.info("Cluster target: {} at {} (Kubernetes {}) chosen in {}", selection.describe(),
                    config.getMasterUrl(), version, Durations.since(start));
            return new ClusterTarget(selection, client, k3s);
        } catch (RuntimeException e) {
            if (k3s != null) {
                k3s.close();
            }
            throw e;
        }
    }

    /** {@code GET /version} with a short timeout and no retries; a clear error when the server does not answer. */
    static String probe(Config config, ClusterChoice.Selection selection) {
        Config probeConfig = new ConfigBuilder(config)
                .withConnectionTimeout(PROBE_TIMEOUT_MILLIS)
                .withRequestTimeout(PROBE_TIMEOUT_MILLIS)
                .withRequestRetryBackoffLimit(0)
                .build();
        try (KubernetesClient probe = new KubernetesClientBuilder().withConfig(probeConfig).build()) {
            var version = probe.getKubernetesVersion();
            return version.getGitVersion() != null ? version.getGitVersion()
                    : version.getMajor() + "." + version.getMinor();
        } catch (KubernetesClientException e) {
            throw new ExtensionConfigurationException("@RedisHACluster cannot reach the Kubernetes API server "
                    + config.getMasterUrl() + " (" + selection.describe() + "): " + rootMessage(e) + ". Fix: start"
                    + " that cluster, or point " + RedisHACluster.KUBECONFIG_KEY + " / KUBECONFIG at a reachable one"
                    + " (kubectl get --raw /version shows the same problem).", e);
        }
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return t == e ? message : message + " (" + e.getMessage() + ")";
    }

    public KubernetesClient client() {
        return client;
    }

    /**
     * The kubeconfig named by {@code redis.ha.kubeconfig}, read by fabric8.
     *
     * @throws ExtensionConfigurationException naming the file when it is not a kubeconfig (not YAML, or not one)
     */
    private static Config explicitKubeconfig(ClusterChoice.Selection.Explicit explicit) {
        Path file = explicit.kubeconfig();
        try {
            return Config.fromKubeconfig(explicit.context().orElse(null), file.toFile());
        } catch (RuntimeException unreadable) {
            String cause = Optional.ofNullable(unreadable.getCause()).orElse(unreadable).getMessage();
            throw new ExtensionConfigurationException("@RedisHACluster configuration parameter "
                    + RedisHACluster.KUBECONFIG_KEY + " = \"" + file + "\" is invalid: " + file + " cannot be read as"
                    + " a kubeconfig (" + (cause == null ? unreadable.toString() : cause.lines().findFirst().orElse(""))
                    + ") (fix: point it at a kubeconfig YAML file, such as the one kubectl uses)", unreadable);
        }
    }

    /**
     * Whether this JVM reaches pods at their own addresses: it runs in a pod of this cluster (its service account is
     * the target), so no port-forward (nor {@code pods/portforward}) is needed.
     */
    public boolean reachesPodsDirectly() {
        return selection instanceof ClusterChoice.Selection.InCluster;
    }

    public String describe() {
        return selection.describe() + " at " + client.getMasterUrl();
    }

    /** The NodePort the target needs pinned, if any: the embedded K3s only publishes the one port it exposed. */
    public Optional<Integer> requiredNodePort() {
        return k3s == null ? Optional.empty() : Optional.of(K3S_NODE_PORT);
    }

    /** How this JVM reaches {@code nodePort} on the node at {@code nodeAddress}. */
    public Endpoint nodePortEndpoint(String nodeAddress, int nodePort) {
        if (k3s != null) {
            return k3s.endpoint(nodePort);
        }
        return new Endpoint(nodeAddress, nodePort);
    }

    @Override
    public void close() {
        try {
            client.close();
        } finally {
            if (k3s != null) {
                k3s.close();
            }
        }
    }
}
