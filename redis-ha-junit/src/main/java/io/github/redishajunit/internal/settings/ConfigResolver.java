package io.github.redishajunit.internal.settings;

import io.github.redishajunit.CleanupPolicy;
import io.github.redishajunit.RedisHACluster;
import io.github.redishajunit.StackScope;
import io.github.redishajunit.internal.cluster.TargetSettings;
import io.github.redishajunit.internal.credentials.GivenTls;
import io.github.redishajunit.internal.credentials.StackCredentials;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * Resolves the {@link RedisHACluster} settings declared in {@link Settings}, each as {@link Setting#resolve} finds it
 * (the annotation, then the configuration parameter), else its built-in default, and checks the settings that
 * involve each other. Every value is validated here, so misuse fails before anything touches a cluster, with a
 * message that names the annotation, the element, the value and the fix.
 */
@API(status = API.Status.INTERNAL)
public final class ConfigResolver {

    public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofMinutes(3);
    public static final CleanupPolicy DEFAULT_CLEANUP = CleanupPolicy.ON_SUCCESS;
    public static final String DEFAULT_REPORTS_DIR = "target/redis-ha-reports";
    public static final Duration DEFAULT_TTL = Duration.ofHours(2);

    private final Function<String, Optional<String>> parameters;

    /** @param parameters JUnit configuration parameters (which fall back to system properties) */
    public ConfigResolver(Function<String, Optional<String>> parameters) {
        this.parameters = parameters;
    }

    /**
     * @param annotations the annotations that apply, most specific first (the element's, then its class's);
     *     may be empty when only configuration parameters apply
     */
    public ExtensionConfig resolve(List<RedisHACluster> annotations) {
        boolean provision = Settings.PROVISION.resolve(annotations, parameters).orElse(true);
        Optional<String> namespace = Settings.NAMESPACE.resolve(annotations, parameters);
        if (!provision && namespace.isEmpty()) {
            throw new ExtensionConfigurationException("@RedisHACluster(provision = false) is invalid: attach mode"
                    + " needs the namespace of the already deployed stack (set namespace = \"...\" or the"
                    + " configuration parameter " + RedisHACluster.NAMESPACE_KEY + ")");
        }
        boolean tls = Settings.TLS.resolve(annotations, parameters).orElse(false);
        if (!provision && tls) {
            throw new ExtensionConfigurationException("@RedisHACluster(tls = true) only applies when provisioning: an"
                    + " attached stack speaks TLS as it runs, found from its pods (fix: drop tls, or name its CA with "
                    + RedisHACluster.TLS_CA_SECRET_KEY + ")");
        }
        boolean sentinel = Settings.SENTINEL.resolve(annotations, parameters).orElse(false);
        if (!provision && sentinel) {
            throw new ExtensionConfigurationException("@RedisHACluster(sentinel = true) only applies when"
                    + " provisioning: an attached stack's Sentinels are found from its pods (fix: drop sentinel)");
        }
        StackCredentials.Options credentials = new StackCredentials.Options(parameter(Settings.USER),
                parameter(Settings.PASSWORD_SECRET), parameter(Settings.PASSWORD_ENV),
                parameter(Settings.SENTINEL_PASSWORD_SECRET), parameter(Settings.SENTINEL_PASSWORD_ENV),
                new GivenTls(parameter(Settings.TLS_CA_SECRET), parameter(Settings.TLS_CLIENT_SECRET),
                        parameter(Settings.TLS_CA_FILE), parameter(Settings.TLS_CLIENT_CERT_FILE),
                        parameter(Settings.TLS_CLIENT_KEY_FILE)));
        return new ExtensionConfig(Settings.REPLICAS.resolve(annotations, parameters),
                Settings.IMAGE.resolve(annotations, parameters), Settings.STORAGE_CLASS.resolve(annotations, parameters),
                Settings.STORAGE_SIZE.resolve(annotations, parameters),
                Settings.MANIFEST.resolve(annotations, parameters).orElse(RedisHACluster.DEFAULT_MANIFEST), namespace,
                Settings.STARTUP_TIMEOUT.resolve(annotations, parameters).orElse(DEFAULT_STARTUP_TIMEOUT),
                Settings.CLEANUP.resolve(annotations, parameters).orElse(DEFAULT_CLEANUP), provision,
                Settings.NODE_PORT.resolve(annotations, parameters),
                Settings.AUTH.resolve(annotations, parameters).orElse(false), tls, sentinel, parameter(Settings.SELECTOR),
                credentials, parameter(Settings.EXTERNAL),
                Settings.SCOPE.resolve(annotations, parameters).orElse(StackScope.ELEMENT),
                parameter(Settings.TTL).orElse(DEFAULT_TTL));
    }

    /**
     * {@code redis.ha.kubeconfig}, {@code redis.ha.context} and the embedded K3s's {@code redis.ha.k3sImage},
     * {@code redis.ha.k3sPrivileged}, {@code redis.ha.embedded}; configuration parameters only.
     */
    public TargetSettings targetSettings() {
        Optional<Path> kubeconfig = parameter(Settings.KUBECONFIG).map(Path::of);
        Optional<String> context = parameter(Settings.CONTEXT);
        boolean embedded = parameter(Settings.EMBEDDED).orElse(false);
        if (embedded && (kubeconfig.isPresent() || context.isPresent())) {
            String other = kubeconfig.isPresent() ? RedisHACluster.KUBECONFIG_KEY : RedisHACluster.CONTEXT_KEY;
            throw new ExtensionConfigurationException("@RedisHACluster configuration parameters "
                    + RedisHACluster.EMBEDDED_KEY + " = \"true\" and " + other + " = \""
                    + parameters.apply(other).orElseThrow() + "\" contradict each other: the embedded K3s has no"
                    + " kubeconfig to read (unset one of them)");
        }
        return new TargetSettings(kubeconfig, context, new TargetSettings.EmbeddedSettings(
                parameter(Settings.K3S_IMAGE).orElse(TargetSettings.EmbeddedSettings.DEFAULT_IMAGE),
                parameter(Settings.K3S_PRIVILEGED).orElse(true), embedded));
    }

    public Path reportsDir() {
        return Path.of(parameter(Settings.REPORTS_DIR).orElse(DEFAULT_REPORTS_DIR));
    }

    /** {@value RedisHACluster#SWEEP_KEY}: whether a run starts by sweeping expired namespaces; default true. */
    public boolean sweep() {
        return parameter(Settings.SWEEP).orElse(true);
    }

    private <T> Optional<T> parameter(Setting<T> setting) {
        return setting.resolve(List.of(), parameters);
    }
}
