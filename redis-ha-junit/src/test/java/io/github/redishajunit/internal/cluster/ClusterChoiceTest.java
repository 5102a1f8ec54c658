package io.github.redishajunit.internal.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.io.TempDir;

/** Which cluster is chosen, without connecting to any. */
class ClusterChoiceTest {

    @TempDir
    Path home;

    private final Map<String, String> env = new HashMap<>();
    private Optional<String> dockerProblem = Optional.of("Cannot connect to the Docker daemon");

    private ClusterChoice.Environment environment() {
        return new ClusterChoice.Environment(env::get, home, () -> dockerProblem);
    }

    private static TargetSettings settings(Path kubeconfig, String context) {
        return new TargetSettings(Optional.ofNullable(kubeconfig), Optional.ofNullable(context));
    }

    /** A kubeconfig with a context (and cluster and user) per name; the first is the current one. */
    private static Path kubeconfig(Path file, String... contexts) throws Exception {
        StringBuilder yaml = new StringBuilder("apiVersion: v1\nkind: Config\ncurrent-context: " + contexts[0] + "\n");
        yaml.append("clusters:\n");
        for (String name : contexts) {
            yaml.append("- name: ").append(name).append("\n  cluster:\n    server: https://").append(name)
                    .append(".example:6443\n");
        }
        yaml.append("users:\n");
        for (String name : contexts) {
            yaml.append("- name: ").append(name).append("\n  user:\n    token: t\n");
        }
        yaml.append("contexts:\n");
        for (String name : contexts) {
            yaml.append("- name: ").append(name).append("\n  context:\n    cluster: ").append(name)
                    .append("\n    user: ").append(name).append("\n");
        }
        Files.createDirectories(file.getParent());
        return Files.writeString(file, yaml);
    }

    @Test
    void anExplicitKubeconfigWinsOverEverything() throws Exception {
        Path explicit = kubeconfig(home.resolve("explicit"), "ctx");
        Files.createDirectories(home.resolve(".kube"));
        Files.writeString(home.resolve(".kube/config"), "");
        env.put("KUBECONFIG", explicit.toString());
        dockerProblem = Optional.empty();

        var selection = ClusterChoice.select(settings(explicit, "ctx"), environment());

        assertThat(selection).isEqualTo(new ClusterChoice.Selection.Explicit(explicit, Optional.of("ctx")));
        assertThat(selection.describe()).isEqualTo("kubeconfig " + explicit + " context ctx (from redis.ha.kubeconfig)");
    }

    @Test
    void theKubeconfigEnvironmentVariableComesNext() throws Exception {
        Path file = Files.writeString(home.resolve("kc"), "");
        env.put("KUBECONFIG", home.resolve("missing") + ":" + file);

        var selection = ClusterChoice.select(settings(null, null), environment());

        assertThat(selection).isEqualTo(new ClusterChoice.Selection.Standard("KUBECONFIG=" + file, Optional.empty()));
    }

    @Test
    void theKubeconfigSystemPropertyComesBeforeTheEnvironmentVariableAsFabric8ReadsIt() throws Exception {
        Path property = kubeconfig(home.resolve("property"), "prop", "other");
        env.put("KUBECONFIG", kubeconfig(home.resolve("env"), "env").toString());
        Map<String, String> properties = Map.of("kubeconfig", property.toString());
        var environment = new ClusterChoice.Environment(env::get, properties::get, home, () -> true,
                () -> dockerProblem);

        assertThat(ClusterChoice.select(settings(null, "other"), environment)).isEqualTo(
                new ClusterChoice.Selection.Standard("-Dkubeconfig=" + property, Optional.of("other")));
        assertThatThrownBy(() -> ClusterChoice.select(settings(null, "env"), environment))
                .hasMessageContaining("kubeconfig " + property + " has no context env (its contexts: other, prop)");
        var missing = new ClusterChoice.Environment(env::get, Map.of("kubeconfig", "/no/such/file")::get, home,
                () -> true, () -> dockerProblem);
        assertThat(ClusterChoice.select(settings(null, null), missing).describe()).startsWith("KUBECONFIG=");
    }

    @Test
    void thenTheKubeconfigInTheHomeDirectory() throws Exception {
        kubeconfig(home.resolve(".kube/config"), "default", "other");
        env.put("KUBECONFIG", home.resolve("missing").toString());

        var selection = ClusterChoice.select(settings(null, "other"), environment());

        assertThat(selection).isEqualTo(new ClusterChoice.Selection.Standard(
                "kubeconfig " + home.resolve(".kube/config"), Optional.of("other")));
    }

    @Test
    void thenAnEmbeddedK3sWhenDockerIsAvailable() {
        dockerProblem = Optional.empty();

        var selection = ClusterChoice.select(settings(null, null), environment());

        assertThat(selection).isInstanceOf(ClusterChoice.Selection.EmbeddedK3s.class);
        assertThat(selection.describe()).startsWith("embedded K3s rancher/k3s:")
                .contains("KUBECONFIG is not set; " + home.resolve(".kube/config") + " does not exist");
    }

    @Test
    void embeddedForcesTheEmbeddedK3sOverAKubeconfig() throws Exception {
        kubeconfig(home.resolve(".kube/config"), "default");
        env.put("KUBECONFIG", home.resolve(".kube/config").toString());
        dockerProblem = Optional.empty();
        var embedded = new TargetSettings.EmbeddedSettings("redis-ha-junit/k3s-contract:v1.37.2", false, true);

        var selection = ClusterChoice.select(new TargetSettings(Optional.empty(), Optional.empty(), embedded),
                environment());

        assertThat(selection).isEqualTo(new ClusterChoice.Selection.EmbeddedK3s(embedded, "redis.ha.embedded=true"));
        assertThat(selection.describe()).isEqualTo("embedded K3s redis-ha-junit/k3s-contract:v1.37.2 (not privileged)"
                + " in Docker (redis.ha.embedded=true)");
    }

    @Test
    void embeddedWithoutDockerFailsSayingSo() {
        var embedded = new TargetSettings.EmbeddedSettings("rancher/k3s:v1.36.4-k3s1", true, true);

        assertThatThrownBy(() -> ClusterChoice.select(new TargetSettings(Optional.empty(), Optional.empty(), embedded),
                        environment()))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageStartingWith("@RedisHACluster found no Kubernetes cluster. Tried: redis.ha.embedded=true;"
                        + " embedded K3s needs Docker: Cannot connect to the Docker daemon. Fix: ");
    }

    @Test
    void aContextTheExplicitKubeconfigDoesNotHaveFailsNamingTheContextsItHas() throws Exception {
        Path explicit = kubeconfig(home.resolve("two-contexts"), "a", "b");

        assertThatThrownBy(() -> ClusterChoice.select(settings(explicit, "nosuch"), environment()))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("@RedisHACluster configuration parameter redis.ha.context = \"nosuch\" is invalid:"
                        + " kubeconfig " + explicit + " has no context nosuch (its contexts: a, b) (fix: set it to one"
                        + " of them, or unset it to use the current context a)");
    }

    @Test
    void aContextNoneOfTheKubeconfigFilesHasFailsNamingAllOfThem() throws Exception {
        Path first = kubeconfig(home.resolve("first"), "a");
        Path second = kubeconfig(home.resolve("second"), "b", "c");
        env.put("KUBECONFIG", first + ":" + second);

        assertThatThrownBy(() -> ClusterChoice.select(settings(null, "nosuch"), environment()))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("@RedisHACluster configuration parameter redis.ha.context = \"nosuch\" is invalid:"
                        + " kubeconfig " + first + ":" + second + " has no context nosuch (its contexts: a, b, c)"
                        + " (fix: set it to one of them, or unset it to use the current context a)");
    }

    @Test
    void aContextInTheSecondKubeconfigFileIsFound() throws Exception {
        Path first = kubeconfig(home.resolve("first"), "a");
        Path second = kubeconfig(home.resolve("second"), "b");
        env.put("KUBECONFIG", first + ":" + second);

        var selection = ClusterChoice.select(settings(null, "b"), environment());

        assertThat(selection).isEqualTo(new ClusterChoice.Selection.Standard(
                "KUBECONFIG=" + first + ":" + second, Optional.of("b")));
    }

    @Test
    void aContextTheHomeKubeconfigDoesNotHaveFails() throws Exception {
        Path config = kubeconfig(home.resolve(".kube/config"), "a", "b");

        assertThatThrownBy(() -> ClusterChoice.select(settings(null, "nosuch"), environment()))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageStartingWith("@RedisHACluster configuration parameter redis.ha.context = \"nosuch\" is"
                        + " invalid: kubeconfig " + config + " has no context nosuch (its contexts: a, b)");
    }

    @Test
    void withoutTestcontainersTheEmbeddedK3sFallbackNamesTheDependencyToAdd() {
        var withoutTestcontainers = new ClusterChoice.Environment(env::get, home, () -> false, () -> {
            throw new AssertionError("Docker must not be asked for when Testcontainers is missing");
        });

        assertThatThrownBy(() -> ClusterChoice.select(settings(null, null), withoutTestcontainers))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("@RedisHACluster found no Kubernetes cluster. Tried: KUBECONFIG is not set; "
                        + home.resolve(".kube/config") + " does not exist; not running in a pod (no"
                        + " KUBERNETES_SERVICE_HOST with a service account token); embedded K3s needs Testcontainers,"
                        + " which is not on the classpath (no org.testcontainers.k3s.K3sContainer). Fix: set the"
                        + " configuration parameter redis.ha.kubeconfig (or the KUBECONFIG environment variable) to a"
                        + " kubeconfig file, or add the dependency org.testcontainers:testcontainers-k3s in test scope"
                        + " and start Docker for an embedded K3s.");
    }

    @Test
    void theCurrentEnvironmentFindsTestcontainersOnTheTestClasspath() {
        assertThat(ClusterChoice.Environment.current().testcontainersOnClasspath().getAsBoolean()).isTrue();
    }

    @Test
    void elseAnErrorThatListsWhatWasTried() {
        assertThatThrownBy(() -> ClusterChoice.select(settings(null, null), environment()))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("@RedisHACluster found no Kubernetes cluster. Tried: KUBECONFIG is not set; "
                        + home.resolve(".kube/config") + " does not exist; not running in a pod (no"
                        + " KUBERNETES_SERVICE_HOST with a service account token); embedded K3s needs Docker: Cannot"
                        + " connect to the Docker daemon. Fix: set the configuration parameter redis.ha.kubeconfig (or"
                        + " the KUBECONFIG environment variable) to a kubeconfig file, or start Docker for an embedded"
                        + " K3s.");
    }

    @Test
    void aNamedContextWithoutKubeconfigDoesNotFallBackToK3s() {
        dockerProblem = Optional.empty();
        env.put("KUBECONFIG", "/nowhere");

        assertThatThrownBy(() -> ClusterChoice.select(settings(null, "prod"), environment()))
                .hasMessageContaining("KUBECONFIG=/nowhere names no existing file")
                .hasMessageContaining("redis.ha.context=prod names a context, but no kubeconfig was found to hold it")
                .hasMessageContaining("embedded K3s needs Docker: skipped because a context was named");
    }
}
