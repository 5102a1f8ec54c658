package io.github.redishajunit.internal.cluster;

import io.fabric8.kubernetes.client.Config;
import io.github.redishajunit.RedisHACluster;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.commons.support.ReflectionSupport;

/**
 * Which kind of cluster {@link ClusterTarget} connects to, chosen without connecting: the configured kubeconfig and
 * context, {@code -Dkubeconfig}, {@code KUBECONFIG}, {@code ~/.kube/config}, the in-cluster service account, else an
 * embedded K3s where Testcontainers and Docker are there; else an error listing every option tried.
 */
@API(status = API.Status.INTERNAL)
public final class ClusterChoice {

    private ClusterChoice() {}

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
                    () -> ReflectionSupport.tryToLoadClass(ClusterTarget.K3S_CONTAINER_CLASS).toOptional().isPresent(),
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
        if (serviceHost != null && !serviceHost.isBlank() && Files.isRegularFile(ClusterTarget.SERVICE_ACCOUNT_TOKEN)) {
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
                : "embedded K3s needs Testcontainers, which is not on the classpath (no " + ClusterTarget.K3S_CONTAINER_CLASS + ")");
        throw new ExtensionConfigurationException("@RedisHACluster found no Kubernetes cluster. Tried: "
                + String.join("; ", tried) + ". Fix: set the configuration parameter " + RedisHACluster.KUBECONFIG_KEY
                + " (or the KUBECONFIG environment variable) to a kubeconfig file, or "
                + (testcontainers ? "start Docker" : "add the dependency " + ClusterTarget.K3S_DEPENDENCY + " in test scope and"
                        + " start Docker") + " for an embedded K3s.");
    }
}
