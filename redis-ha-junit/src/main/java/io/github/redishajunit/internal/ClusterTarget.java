package io.github.redishajunit.internal;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.github.redishajunit.Endpoint;
import io.github.redishajunit.RedisHACluster;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.commons.support.ReflectionSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which Kubernetes cluster the stacks go to, and how this JVM reaches a NodePort on it. Tried in order: the
 * configured kubeconfig/context ({@value RedisHACluster#KUBECONFIG_KEY}, {@value RedisHACluster#CONTEXT_KEY}); the
 * standard resolution (KUBECONFIG, {@code ~/.kube/config}, in-cluster service account) when it finds a config; an
 * embedded K3s through Testcontainers (an optional dependency, used by {@link TestcontainersK3s} alone) when it is on
 * the classpath and Docker is available ({@value RedisHACluster#EMBEDDED_KEY} goes there at once); else an error
 * listing what was tried. A named context must be one the
 * kubeconfig has (fabric8 would silently use the current one instead). The API server is probed
 * ({@code GET /version}) before anything else so that an unreachable cluster fails in seconds. One target per test
 * run (stored in the root context), closed at the end of the run.
 */
final class ClusterTarget implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterTarget.class);

    /** Present when Testcontainers' K3s module is on the classpath; checked before {@link TestcontainersK3s} loads. */
    static final String K3S_CONTAINER_CLASS = "org.testcontainers.k3s.K3sContainer";
    static final String K3S_DEPENDENCY = "org.testcontainers:testcontainers-k3s";
    /** The NodePort exposed by the embedded K3s: the manifest's, pinned for that target. */
    static final int K3S_NODE_PORT = 30903;
    static final int PROBE_TIMEOUT_MILLIS = 5_000;
    static final Path SERVICE_ACCOUNT_TOKEN = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token");

    private final Selection selection;
    private final KubernetesClient client;
    private final TestcontainersK3s k3s;

    private ClusterTarget(Selection selection, KubernetesClient client, TestcontainersK3s k3s) {
        this.selection = selection;
        this.client = client;
        this.k3s = k3s;
    }

    /** What the environment offers; a seam for unit tests. */
    public record Environment(Function<String, String> env, Function<String, String> properties, Path home,
            BooleanSupplier testcontainersOnClasspath, Supplier<Optional<String>> dockerUnavailable) {

        /** An environment without system properties that matter. */
        public Environment(Function<String, String> env, Path home, BooleanSupplier testcontainersOnClasspath,
                Supplier<Optional<String>> dockerUnavailable) {
            this(env, name -> null, home, testcontainersOnClasspath, dockerUnavailable);
        }

        /** An environment with Testcontainers on the classpath. */
        public Environment(Function<String, String> env, Path home, Supplier<Optional<String>> dockerUnavailable) {
            this(env, home, () -> true, dockerUnavailable);
        }

        public static Environment current() {
            return new Environment(System::getenv, System::getProperty, Path.of(System.getProperty("user.home")),
                    () -> ReflectionSupport.tryToLoadClass(K3S_CONTAINER_CLASS).toOptional().isPresent(),
                    TestcontainersK3s::dockerProblem);
        }
    }

    /** The chosen kind of target, and what was tried before it. */
    public sealed interface Selection {
        String describe();

        /** {@code redis.ha.kubeconfig} (and maybe {@code redis.ha.context}). */
        record Explicit(Path kubeconfig, Optional<String> context) implements Selection {
            public String describe() {
                return "kubeconfig " + kubeconfig + context.map(c -> " context " + c).orElse("")
                        + " (from " + RedisHACluster.KUBECONFIG_KEY + ")";
            }
        }

        /** fabric8's standard resolution; {@code source} says which file or mechanism was found. */
        record Standard(String source, Optional<String> context) implements Selection {
            public String describe() {
                return source + context.map(c -> " context " + c).orElse("");
            }
        }

        /** The service account of the pod this JVM runs in: pods are reached at their own addresses. */
        record InCluster(String serviceHost) implements Selection {
            public String describe() {
                return "in-cluster service account (KUBERNETES_SERVICE_HOST=" + serviceHost + ")";
            }
        }

        /** An embedded K3s in Docker; {@code why}: no kubeconfig found, or it was asked for. */
        record EmbeddedK3s(TargetSettings.EmbeddedSettings settings, String why) implements Selection {
            public String describe() {
                return "embedded K3s " + settings.image() + (settings.privileged() ? "" : " (not privileged)")
                        + " in Docker (" + why + ")";
            }
        }
    }

    /** Picks a target without connecting to it; fails with every option tried when there is none. */
    public static Selection select(TargetSettings settings, Environment environment) {
        if (settings.embedded().forced()) {
            return embedded(settings, environment, List.of(RedisHACluster.EMBEDDED_KEY + "=true"),
                    RedisHACluster.EMBEDDED_KEY + "=true");
        }
        if (settings.kubeconfig().isPresent()) {
            KubeconfigContexts.require(settings.context(), List.of(settings.kubeconfig().get()));
            return new Selection.Explicit(settings.kubeconfig().get(), settings.context());
        }
        List<String> tried = new ArrayList<>();
        // fabric8 reads -Dkubeconfig before KUBECONFIG (Config.KUBERNETES_KUBECONFIG_FILE): so does the choice
        String kubeconfigProperty = environment.properties().apply(Config.KUBERNETES_KUBECONFIG_FILE);
        if (kubeconfigProperty != null && !kubeconfigProperty.isBlank()) {
            if (Files.isRegularFile(Path.of(kubeconfigProperty))) {
                KubeconfigContexts.require(settings.context(), List.of(Path.of(kubeconfigProperty)));
                return new Selection.Standard("-D" + Config.KUBERNETES_KUBECONFIG_FILE + "=" + kubeconfigProperty,
                        settings.context());
            }
            tried.add("-D" + Config.KUBERNETES_KUBECONFIG_FILE + "=" + kubeconfigProperty + " names no existing file");
        }
        String kubeconfigEnv = environment.env().apply("KUBECONFIG");
        if (kubeconfigEnv == null || kubeconfigEnv.isBlank()) {
            tried.add("KUBECONFIG is not set");
        } else {
            List<String> existing = new ArrayList<>();
            for (String entry : kubeconfigEnv.split(File.pathSeparator)) {
                if (!entry.isBlank() && Files.isRegularFile(Path.of(entry))) {
                    existing.add(entry);
                }
            }
            if (!existing.isEmpty()) {
                KubeconfigContexts.require(settings.context(), existing.stream().map(Path::of).toList());
                return new Selection.Standard("KUBECONFIG=" + String.join(File.pathSeparator, existing),
                        settings.context());
            }
            tried.add("KUBECONFIG=" + kubeconfigEnv + " names no existing file");
        }
        Path home = environment.home().resolve(".kube").resolve("config");
        if (Files.isRegularFile(home)) {
            KubeconfigContexts.require(settings.context(), List.of(home));
            return new Selection.Standard("kubeconfig " + home, settings.context());
        }
        tried.add(home + " does not exist");
        String serviceHost = environment.env().apply("KUBERNETES_SERVICE_HOST");
        if (serviceHost != null && !serviceHost.isBlank() && Files.isRegularFile(SERVICE_ACCOUNT_TOKEN)) {
            return new Selection.InCluster(serviceHost);
        }
        tried.add("not running in a pod (no KUBERNETES_SERVICE_HOST with a service account token)");
        if (settings.context().isPresent()) {
            tried.add(RedisHACluster.CONTEXT_KEY + "=" + settings.context().get() + " names a context, but no"
                    + " kubeconfig was found to hold it");
        }
        return embedded(settings, environment, tried, "no kubeconfig found: " + String.join("; ", tried));
    }

    /** The embedded K3s when Testcontainers and Docker are there; else an error listing {@code tried}. */
    private static Selection embedded(TargetSettings settings, Environment environment, List<String> before,
            String why) {
        List<String> tried = new ArrayList<>(before);
        boolean testcontainers = environment.testcontainersOnClasspath().getAsBoolean();
        Optional<String> dockerProblem = testcontainers ? environment.dockerUnavailable().get() : Optional.empty();
        if (testcontainers && dockerProblem.isEmpty() && settings.context().isEmpty()) {
            return new Selection.EmbeddedK3s(settings.embedded(), why);
        }
        tried.add(testcontainers
                ? "embedded K3s needs Docker: " + dockerProblem.orElse("skipped because a context was named")
                : "embedded K3s needs Testcontainers, which is not on the classpath (no " + K3S_CONTAINER_CLASS + ")");
        throw new ExtensionConfigurationException("@RedisHACluster found no Kubernetes cluster. Tried: "
                + String.join("; ", tried) + ". Fix: set the configuration parameter " + RedisHACluster.KUBECONFIG_KEY
                + " (or the KUBECONFIG environment variable) to a kubeconfig file, or "
                + (testcontainers ? "start Docker" : "add the dependency " + K3S_DEPENDENCY + " in test scope and"
                        + " start Docker") + " for an embedded K3s.");
    }

    /** Selects, connects and probes the API server. */
    public static ClusterTarget connect(TargetSettings settings, Environment environment) {
        long start = System.nanoTime();
        Selection selection = select(settings, environment);
        TestcontainersK3s k3s = null;
        Config config;
        if (selection instanceof Selection.Explicit explicit) {
            config = explicitKubeconfig(explicit);
        } else if (selection instanceof Selection.Standard standard) {
            config = Config.autoConfigure(standard.context().orElse(null));
        } else if (selection instanceof Selection.InCluster) {
            config = Config.autoConfigure(null);
        } else {
            LOG.info("Starting {}", selection.describe());
            k3s = TestcontainersK3s.start(((Selection.EmbeddedK3s) selection).settings(), K3S_NODE_PORT);
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
    static String probe(Config config, Selection selection) {
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
    private static Config explicitKubeconfig(Selection.Explicit explicit) {
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
        return selection instanceof Selection.InCluster;
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
