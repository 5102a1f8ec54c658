package io.github.redishajunit.internal;

import io.github.redishajunit.CleanupPolicy;
import io.github.redishajunit.Endpoint;
import io.github.redishajunit.RedisHACluster;
import io.github.redishajunit.StackScope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.commons.support.ReflectionSupport;

/**
 * Resolves {@link RedisHACluster} settings, each from where {@link SettingSources} finds it (the annotation, then
 * the configuration parameter), else its built-in default. Every value is validated here, so misuse fails before anything touches a cluster, with a message that
 * names the annotation, the element, the value and the fix.
 */
final class ConfigResolver {

    public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofMinutes(3);
    public static final CleanupPolicy DEFAULT_CLEANUP = CleanupPolicy.ON_SUCCESS;
    public static final String DEFAULT_REPORTS_DIR = "target/redis-ha-reports";
    public static final Duration DEFAULT_TTL = Duration.ofHours(2);

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern DNS_SUBDOMAIN =
            Pattern.compile("(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern SECRET_REF = Pattern.compile("[a-z0-9]([-a-z0-9.]*[a-z0-9])?(:[-._a-zA-Z0-9]+)?");

    private final SettingSources sources;

    /** @param parameters JUnit configuration parameters (which fall back to system properties) */
    public ConfigResolver(Function<String, Optional<String>> parameters) {
        this.sources = new SettingSources(parameters);
    }

    /**
     * @param annotations the annotations that apply, most specific first (the element's, then its class's);
     *     may be empty when only configuration parameters apply
     */
    public ExtensionConfig resolve(List<RedisHACluster> annotations) {
        Optional<Integer> replicas = sources.intSetting(annotations, "replicas", RedisHACluster::replicas,
                        RedisHACluster.REPLICAS_KEY)
                .map(v -> {
                    if (v.value() < 0) {
                        throw v.invalid("replicas must be >= 0 (set it to the number of redis-slave pods to expect)");
                    }
                    return v.value();
                });
        Optional<String> image = sources.stringSetting(annotations, "image", RedisHACluster::image, RedisHACluster.IMAGE_KEY)
                .map(v -> {
                    if (v.value().isBlank() || v.value().chars().anyMatch(Character::isWhitespace)) {
                        throw v.invalid("image must be an image reference without whitespace, such as redis:7.0.15"
                                + " (fix the image name)");
                    }
                    return v.value();
                });
        Optional<String> storageClass = sources.stringSetting(annotations, "storageClass", RedisHACluster::storageClass,
                        RedisHACluster.STORAGE_CLASS_KEY)
                .map(v -> {
                    if (!DNS_SUBDOMAIN.matcher(v.value()).matches()) {
                        throw v.invalid("storageClass must be a lowercase DNS subdomain name (use the name of a"
                                + " StorageClass listed by kubectl get storageclass)");
                    }
                    return v.value();
                });
        Optional<String> storageSize = sources.stringSetting(annotations, "storageSize", RedisHACluster::storageSize,
                        RedisHACluster.STORAGE_SIZE_KEY)
                .map(v -> {
                    if (!SettingParsers.isPositiveQuantity(v.value())) {
                        throw v.invalid("storageSize must be a positive Kubernetes quantity such as 1Gi or 500Mi"
                                + " (write a number followed by Ki, Mi, Gi or Ti)");
                    }
                    return v.value();
                });
        String manifest = sources.stringSetting(annotations, "manifest", RedisHACluster::manifest, RedisHACluster.MANIFEST_KEY)
                .map(SettingParsers::manifestLocation)
                .orElse(RedisHACluster.DEFAULT_MANIFEST);
        Optional<String> namespace = sources.stringSetting(annotations, "namespace", RedisHACluster::namespace,
                        RedisHACluster.NAMESPACE_KEY)
                .filter(v -> !v.value().isEmpty())
                .map(v -> {
                    if (!DNS_LABEL.matcher(v.value()).matches()) {
                        throw v.invalid("namespace must be a DNS label: at most 63 lowercase letters, digits and '-',"
                                + " starting and ending with a letter or digit (leave it empty for a fresh namespace"
                                + " per class)");
                    }
                    return v.value();
                });
        Duration startupTimeout = sources.stringSetting(annotations, "startupTimeout", RedisHACluster::startupTimeout,
                        RedisHACluster.STARTUP_TIMEOUT_KEY)
                .map(v -> SettingParsers.parseDuration(v.value()).orElseThrow(() -> v.invalid(
                        "startupTimeout must be a positive duration such as 90s, 3m, 1m30s or PT3M"
                                + " (write numbers followed by ms, s, m or h)")))
                .orElse(DEFAULT_STARTUP_TIMEOUT);
        CleanupPolicy cleanup = cleanupSetting(annotations);
        StackScope scope = scopeSetting(annotations);
        Duration ttl = sources.parameter(RedisHACluster.TTL_KEY)
                .map(raw -> SettingParsers.parseDuration(raw).orElseThrow(() -> new SettingValue<>(raw, "ttl", RedisHACluster.TTL_KEY, true)
                        .invalid("ttl must be a positive duration such as 90s, 30m or 2h (longer than the longest run:"
                                + " a sweep deletes the namespaces that outlive it)")))
                .orElse(DEFAULT_TTL);
        boolean provision = provisionSetting(annotations);
        Optional<Integer> nodePort = sources.intSetting(annotations, "nodePort", RedisHACluster::nodePort,
                        RedisHACluster.NODE_PORT_KEY)
                .map(v -> {
                    if (v.value() < 0 || v.value() > 65535) {
                        throw v.invalid("nodePort must be 0 (allocated by Kubernetes) or a port within 1..65535"
                                + " (pick one in the cluster's NodePort range, 30000-32767 by default)");
                    }
                    return v.value();
                });
        boolean auth = annotations.stream().anyMatch(RedisHACluster::auth)
                || sources.booleanParameter(RedisHACluster.AUTH_KEY, "auth", "auth must be true or false (true provisions"
                        + " with a random password)", false);
        // the API server matches it (as for kubectl -l), and says when it cannot
        Optional<String> selector = sources.parameter(RedisHACluster.SELECTOR_KEY).map(String::trim);
        Optional<String> passwordSecret = secretRef("passwordSecret", RedisHACluster.PASSWORD_SECRET_KEY);
        Optional<String> passwordEnv = sources.parameter(RedisHACluster.PASSWORD_ENV_KEY).map(String::trim);
        Optional<String> sentinelPasswordSecret = secretRef("sentinelPasswordSecret",
                RedisHACluster.SENTINEL_PASSWORD_SECRET_KEY);
        Optional<String> sentinelPasswordEnv = sources.parameter(RedisHACluster.SENTINEL_PASSWORD_ENV_KEY).map(String::trim);
        Optional<String> user = sources.parameter(RedisHACluster.USER_KEY).map(String::trim);
        Optional<Endpoint> external = sources.parameter(RedisHACluster.EXTERNAL_KEY).map(String::trim)
                .map(v -> SettingParsers.parseEndpoint(v).orElseThrow(() -> new SettingValue<>(v, "external", RedisHACluster.EXTERNAL_KEY,
                        true).invalid("external must be HOST:PORT, an address this JVM reaches the master at (e.g."
                                + " 10.213.0.1:30903)")));
        if (!provision && namespace.isEmpty()) {
            throw new ExtensionConfigurationException("@RedisHACluster(provision = false) is invalid: attach mode"
                    + " needs the namespace of the already deployed stack (set namespace = \"...\" or the"
                    + " configuration parameter " + RedisHACluster.NAMESPACE_KEY + ")");
        }
        return new ExtensionConfig(replicas, image, storageClass, storageSize, manifest, namespace, startupTimeout,
                cleanup, provision, nodePort, auth, selector,
                new StackCredentials.Options(user, passwordSecret, passwordEnv, sentinelPasswordSecret,
                        sentinelPasswordEnv), external, scope, ttl);
    }

    /** A {@code NAME[:KEY]} Secret reference from the configuration parameter {@code key}. */
    private Optional<String> secretRef(String element, String key) {
        return sources.parameter(key).map(String::trim).map(v -> {
            if (!SECRET_REF.matcher(v).matches()) {
                throw new SettingValue<>(v, element, key, true).invalid(element + " must be NAME or NAME:KEY, the Secret's"
                        + " name and the key of the password (e.g. redis or redis:redis-password)");
            }
            return v;
        });
    }

    /**
     * {@code redis.ha.kubeconfig}, {@code redis.ha.context} and the embedded K3s's {@code redis.ha.k3sImage},
     * {@code redis.ha.k3sPrivileged}, {@code redis.ha.embedded}; configuration parameters only.
     */
    public TargetSettings targetSettings() {
        Optional<Path> kubeconfig = sources.parameter(RedisHACluster.KUBECONFIG_KEY).map(value -> {
            Path path = Path.of(SettingParsers.expandHome(value));
            if (!Files.isRegularFile(path)) {
                throw new ExtensionConfigurationException("@RedisHACluster configuration parameter "
                        + RedisHACluster.KUBECONFIG_KEY + " = \"" + value + "\" is invalid: " + path.toAbsolutePath()
                        + " is not a file (point it at a kubeconfig, or unset it to use KUBECONFIG / ~/.kube/config)");
            }
            return path;
        });
        String k3sImage = sources.parameter(RedisHACluster.K3S_IMAGE_KEY).map(String::trim).map(v -> {
            String problem = v.chars().anyMatch(Character::isWhitespace) ? "it contains whitespace"
                    : k3sImageProblem(v).orElse(null);
            if (problem != null) {
                throw new SettingValue<>(v, "k3sImage", RedisHACluster.K3S_IMAGE_KEY, true).invalid("k3sImage must be an"
                        + " image reference with rancher/k3s's interface, such as "
                        + TargetSettings.EmbeddedSettings.DEFAULT_IMAGE + " or redis-ha-junit/k3s-contract:v1.37.2,"
                        + " but " + problem + " (fix the image name)");
            }
            return v;
        }).orElse(TargetSettings.EmbeddedSettings.DEFAULT_IMAGE);
        boolean k3sPrivileged = sources.booleanParameter(RedisHACluster.K3S_PRIVILEGED_KEY, "k3sPrivileged", "k3sPrivileged"
                + " must be true or false (false starts the embedded K3s with every capability but SYS_RESOURCE"
                + " instead of privileged mode)", true);
        boolean embedded = sources.booleanParameter(RedisHACluster.EMBEDDED_KEY, "embedded", "embedded must be true or false"
                + " (true uses the embedded K3s even where a kubeconfig is found)", false);
        if (embedded && (kubeconfig.isPresent() || sources.parameter(RedisHACluster.CONTEXT_KEY).isPresent())) {
            String other = kubeconfig.isPresent() ? RedisHACluster.KUBECONFIG_KEY : RedisHACluster.CONTEXT_KEY;
            throw new ExtensionConfigurationException("@RedisHACluster configuration parameters "
                    + RedisHACluster.EMBEDDED_KEY + " = \"true\" and " + other + " = \"" + sources.parameter(other).orElseThrow()
                    + "\" contradict each other: the embedded K3s has no kubeconfig to read (unset one of them)");
        }
        return new TargetSettings(kubeconfig, sources.parameter(RedisHACluster.CONTEXT_KEY),
                new TargetSettings.EmbeddedSettings(k3sImage, k3sPrivileged, embedded));
    }


    /** What Testcontainers finds wrong with an image name, when it is on the classpath to ask. */
    private static Optional<String> k3sImageProblem(String image) {
        if (ReflectionSupport.tryToLoadClass(ClusterTarget.K3S_CONTAINER_CLASS).toOptional().isEmpty()) {
            return Optional.empty();
        }
        try {
            TestcontainersK3s.imageName(image);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(String.valueOf(e.getMessage()));
        }
    }


    public Path reportsDir() {
        return Path.of(sources.parameter(RedisHACluster.REPORTS_DIR_KEY).orElse(DEFAULT_REPORTS_DIR));
    }




    private CleanupPolicy cleanupSetting(List<RedisHACluster> annotations) {
        for (RedisHACluster a : annotations) {
            if (a.cleanup() != CleanupPolicy.DEFAULT) {
                return a.cleanup();
            }
        }
        return sources.parameter(RedisHACluster.CLEANUP_KEY)
                .map(raw -> {
                    String value = raw.trim().toUpperCase(Locale.ROOT).replace('-', '_');
                    try {
                        CleanupPolicy policy = CleanupPolicy.valueOf(value);
                        if (policy != CleanupPolicy.DEFAULT) {
                            return policy;
                        }
                    } catch (IllegalArgumentException e) {
                        // reported below
                    }
                    throw new SettingValue<>(raw, "cleanup", RedisHACluster.CLEANUP_KEY, true).invalid(
                            "cleanup must be one of " + Arrays.stream(CleanupPolicy.values())
                                    .filter(p -> p != CleanupPolicy.DEFAULT)
                                    .map(Enum::name)
                                    .collect(Collectors.joining(", "))
                                    + " (ON_SUCCESS keeps the namespace of a failed class for inspection)");
                })
                .orElse(DEFAULT_CLEANUP);
    }

    private StackScope scopeSetting(List<RedisHACluster> annotations) {
        for (RedisHACluster a : annotations) {
            if (a.scope() != StackScope.DEFAULT) {
                return a.scope();
            }
        }
        return sources.parameter(RedisHACluster.SCOPE_KEY)
                .map(raw -> Arrays.stream(StackScope.values())
                        .filter(scope -> scope != StackScope.DEFAULT && scope.name().equalsIgnoreCase(raw.trim()))
                        .findFirst()
                        .orElseThrow(() -> new SettingValue<>(raw, "scope", RedisHACluster.SCOPE_KEY, true).invalid(
                                "scope must be ELEMENT (a stack per class or test, as annotated) or RUN (one stack"
                                        + " for every class of the run with the same settings)")))
                .orElse(StackScope.ELEMENT);
    }

    /** {@value RedisHACluster#SWEEP_KEY}: whether a run starts by sweeping expired namespaces; default true. */
    public boolean sweep() {
        return sources.parameter(RedisHACluster.SWEEP_KEY).map(raw -> switch (raw.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new SettingValue<>(raw, "sweep", RedisHACluster.SWEEP_KEY, true).invalid("sweep must be true"
                    + " or false (false keeps a run from deleting the expired namespaces of earlier runs)");
        }).orElse(true);
    }

    private boolean provisionSetting(List<RedisHACluster> annotations) {
        for (RedisHACluster a : annotations) {
            if (!a.provision()) {
                return false;
            }
        }
        return sources.parameter(RedisHACluster.PROVISION_KEY)
                .map(raw -> switch (raw.trim().toLowerCase(Locale.ROOT)) {
                    case "true" -> true;
                    case "false" -> false;
                    default -> throw new SettingValue<>(raw, "provision", RedisHACluster.PROVISION_KEY, true).invalid(
                            "provision must be true or false (false attaches to the stack deployed in namespace)");
                })
                .orElse(true);
    }





}
