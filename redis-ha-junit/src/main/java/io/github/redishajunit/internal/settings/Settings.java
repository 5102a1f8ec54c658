package io.github.redishajunit.internal.settings;

import static io.github.redishajunit.RedisHACluster.AUTH_KEY;
import static io.github.redishajunit.RedisHACluster.CLEANUP_KEY;
import static io.github.redishajunit.RedisHACluster.CONTEXT_KEY;
import static io.github.redishajunit.RedisHACluster.EMBEDDED_KEY;
import static io.github.redishajunit.RedisHACluster.EXTERNAL_KEY;
import static io.github.redishajunit.RedisHACluster.IMAGE_KEY;
import static io.github.redishajunit.RedisHACluster.K3S_IMAGE_KEY;
import static io.github.redishajunit.RedisHACluster.K3S_PRIVILEGED_KEY;
import static io.github.redishajunit.RedisHACluster.KUBECONFIG_KEY;
import static io.github.redishajunit.RedisHACluster.MANIFEST_KEY;
import static io.github.redishajunit.RedisHACluster.NAMESPACE_KEY;
import static io.github.redishajunit.RedisHACluster.NODE_PORT_KEY;
import static io.github.redishajunit.RedisHACluster.PASSWORD_ENV_KEY;
import static io.github.redishajunit.RedisHACluster.PASSWORD_SECRET_KEY;
import static io.github.redishajunit.RedisHACluster.PROVISION_KEY;
import static io.github.redishajunit.RedisHACluster.REPLICAS_KEY;
import static io.github.redishajunit.RedisHACluster.REPORTS_DIR_KEY;
import static io.github.redishajunit.RedisHACluster.SCOPE_KEY;
import static io.github.redishajunit.RedisHACluster.SELECTOR_KEY;
import static io.github.redishajunit.RedisHACluster.SENTINEL_PASSWORD_ENV_KEY;
import static io.github.redishajunit.RedisHACluster.SENTINEL_PASSWORD_SECRET_KEY;
import static io.github.redishajunit.RedisHACluster.STARTUP_TIMEOUT_KEY;
import static io.github.redishajunit.RedisHACluster.STORAGE_CLASS_KEY;
import static io.github.redishajunit.RedisHACluster.STORAGE_SIZE_KEY;
import static io.github.redishajunit.RedisHACluster.SWEEP_KEY;
import static io.github.redishajunit.RedisHACluster.TLS_CA_FILE_KEY;
import static io.github.redishajunit.RedisHACluster.SENTINEL_KEY;
import static io.github.redishajunit.RedisHACluster.TLS_KEY;
import static io.github.redishajunit.RedisHACluster.TLS_CA_SECRET_KEY;
import static io.github.redishajunit.RedisHACluster.TLS_CLIENT_CERT_FILE_KEY;
import static io.github.redishajunit.RedisHACluster.TLS_CLIENT_KEY_FILE_KEY;
import static io.github.redishajunit.RedisHACluster.TLS_CLIENT_SECRET_KEY;
import static io.github.redishajunit.RedisHACluster.TTL_KEY;
import static io.github.redishajunit.RedisHACluster.USER_KEY;

import io.github.redishajunit.CleanupPolicy;
import io.github.redishajunit.Endpoint;
import io.github.redishajunit.RedisHACluster;
import io.github.redishajunit.StackScope;
import io.github.redishajunit.internal.cluster.ClusterTarget;
import io.github.redishajunit.internal.cluster.TargetSettings;
import io.github.redishajunit.internal.cluster.TestcontainersK3s;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apiguardian.api.API;
import org.junit.platform.commons.support.ReflectionSupport;

/**
 * Every {@code @RedisHACluster} setting, one declaration each: element, configuration parameter, parser and what an
 * invalid value is told. {@link ConfigResolver} resolves them; the settings' defaults and the checks that involve
 * two settings are there.
 */
@API(status = API.Status.INTERNAL)
public final class Settings {

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern DNS_SUBDOMAIN =
            Pattern.compile("(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern SECRET_REF = Pattern.compile("[a-z0-9]([-a-z0-9.]*[a-z0-9])?(:[-._a-zA-Z0-9]+)?");

    static final Setting<Integer> REPLICAS = Setting.integer("replicas", REPLICAS_KEY, RedisHACluster::replicas)
            .requiring(v -> v >= 0, "replicas must be >= 0 (set it to the number of redis-slave pods to expect)");

    static final Setting<String> IMAGE = Setting.text("image", IMAGE_KEY, RedisHACluster::image)
            .requiring(v -> !v.isBlank() && v.chars().noneMatch(Character::isWhitespace), "image must be an image"
                    + " reference without whitespace, such as redis:7.0.15 (fix the image name)");

    static final Setting<String> STORAGE_CLASS = Setting.text("storageClass", STORAGE_CLASS_KEY,
            RedisHACluster::storageClass).requiring(v -> DNS_SUBDOMAIN.matcher(v).matches(), "storageClass must be a"
                    + " lowercase DNS subdomain name (use the name of a StorageClass listed by kubectl get"
                    + " storageclass)");

    static final Setting<String> STORAGE_SIZE = Setting.text("storageSize", STORAGE_SIZE_KEY,
            RedisHACluster::storageSize).requiring(SettingParsers::isPositiveQuantity, "storageSize must be a positive"
                    + " Kubernetes quantity such as 1Gi or 500Mi (write a number followed by Ki, Mi, Gi or Ti)");

    static final Setting<String> MANIFEST = Setting.text("manifest", MANIFEST_KEY, RedisHACluster::manifest)
            .checkedBy(SettingParsers::manifestLocation);

    static final Setting<String> NAMESPACE = Setting.text("namespace", NAMESPACE_KEY, RedisHACluster::namespace)
            .requiring(v -> DNS_LABEL.matcher(v).matches(), "namespace must be a DNS label: at most 63 lowercase"
                    + " letters, digits and '-', starting and ending with a letter or digit (leave it empty for a fresh"
                    + " namespace per class)");

    static final Setting<Duration> STARTUP_TIMEOUT = Setting.duration("startupTimeout", STARTUP_TIMEOUT_KEY,
            RedisHACluster::startupTimeout, "startupTimeout must be a positive duration such as 90s, 3m, 1m30s or PT3M"
                    + " (write numbers followed by ms, s, m or h)");

    static final Setting<CleanupPolicy> CLEANUP = Setting.choice("cleanup", CLEANUP_KEY, CleanupPolicy.class,
            RedisHACluster::cleanup, CleanupPolicy.DEFAULT, "cleanup must be one of ALWAYS, ON_SUCCESS, NEVER"
                    + " (ON_SUCCESS keeps the namespace of a failed class for inspection)");

    static final Setting<StackScope> SCOPE = Setting.choice("scope", SCOPE_KEY, StackScope.class,
            RedisHACluster::scope, StackScope.DEFAULT, "scope must be ELEMENT (a stack per class or test, as annotated)"
                    + " or RUN (one stack for every class of the run with the same settings)");

    static final Setting<Duration> TTL = Setting.duration("ttl", TTL_KEY, a -> "", "ttl must be a positive duration"
            + " such as 90s, 30m or 2h (longer than the longest run: a sweep deletes the namespaces that outlive it)");

    /** An annotation sets it only by {@code provision = false}. */
    static final Setting<Boolean> PROVISION = Setting.bool("provision", PROVISION_KEY, "provision must be true or"
            + " false (false attaches to the stack deployed in namespace)")
            .annotatedBy(a -> a.provision() ? Optional.empty() : Optional.of("false"));

    static final Setting<Integer> NODE_PORT = Setting.integer("nodePort", NODE_PORT_KEY, RedisHACluster::nodePort)
            .requiring(v -> v >= 0 && v <= 65535, "nodePort must be 0 (allocated by Kubernetes) or a port within"
                    + " 1..65535 (pick one in the cluster's NodePort range, 30000-32767 by default)");

    /** An annotation sets it only by {@code auth = true}. */
    static final Setting<Boolean> AUTH = Setting.bool("auth", AUTH_KEY, "auth must be true or false (true provisions"
            + " with a random password)").annotatedBy(a -> a.auth() ? Optional.of("true") : Optional.empty());

    /** An annotation sets it only by {@code tls = true}. */
    static final Setting<Boolean> TLS = Setting.bool("tls", TLS_KEY, "tls must be true or false (true provisions"
            + " with TLS only, from a CA made for the namespace)").annotatedBy(a -> a.tls() ? Optional.of("true")
                    : Optional.empty());

    /** An annotation sets it only by {@code sentinel = true}. */
    static final Setting<Boolean> SENTINEL = Setting.bool("sentinel", SENTINEL_KEY, "sentinel must be true or false"
            + " (true provisions a Sentinel beside each Redis server)").annotatedBy(a -> a.sentinel()
                    ? Optional.of("true") : Optional.empty());

    /** Matched by the API server (as by kubectl -l), which says when it cannot. */
    static final Setting<String> SELECTOR = Setting.text("selector", SELECTOR_KEY);

    static final Setting<String> PASSWORD_SECRET = secretRef("passwordSecret", PASSWORD_SECRET_KEY);
    static final Setting<String> PASSWORD_ENV = Setting.text("passwordEnv", PASSWORD_ENV_KEY);
    static final Setting<String> SENTINEL_PASSWORD_SECRET = secretRef("sentinelPasswordSecret",
            SENTINEL_PASSWORD_SECRET_KEY);
    static final Setting<String> SENTINEL_PASSWORD_ENV = Setting.text("sentinelPasswordEnv",
            SENTINEL_PASSWORD_ENV_KEY);
    static final Setting<String> USER = Setting.text("user", USER_KEY);

    static final Setting<String> TLS_CA_SECRET = Setting.text("tlsCaSecret", TLS_CA_SECRET_KEY).requiring(v ->
            SECRET_REF.matcher(v).matches(), "tlsCaSecret must be NAME or NAME:KEY, the Secret's name and the key of"
                    + " the CA (e.g. redis-tls or redis-tls:ca.crt)");
    static final Setting<String> TLS_CLIENT_SECRET = Setting.text("tlsClientSecret", TLS_CLIENT_SECRET_KEY)
            .requiring(v -> DNS_SUBDOMAIN.matcher(v).matches(), "tlsClientSecret must be the name of a"
                    + " kubernetes.io/tls Secret (keys tls.crt and tls.key)");
    static final Setting<String> TLS_CA_FILE = pemFile("tlsCaFile", TLS_CA_FILE_KEY);
    static final Setting<String> TLS_CLIENT_CERT_FILE = pemFile("tlsClientCertFile", TLS_CLIENT_CERT_FILE_KEY);
    static final Setting<String> TLS_CLIENT_KEY_FILE = pemFile("tlsClientKeyFile", TLS_CLIENT_KEY_FILE_KEY);

    static final Setting<Endpoint> EXTERNAL = Setting.endpoint("external", EXTERNAL_KEY, "external must be HOST:PORT,"
            + " an address this JVM reaches the master at (e.g. 10.213.0.1:30903)");

    /** The file, with a leading {@code ~/} expanded. */
    static final Setting<String> KUBECONFIG = Setting.text("kubeconfig", KUBECONFIG_KEY).checkedBy(v -> {
        Path path = Path.of(SettingParsers.expandHome(v.value()));
        if (!Files.isRegularFile(path)) {
            throw v.invalid(path.toAbsolutePath() + " is not a file (point it at a kubeconfig, or unset it to use"
                    + " KUBECONFIG / ~/.kube/config)");
        }
        return path.toString();
    });

    static final Setting<String> CONTEXT = Setting.text("context", CONTEXT_KEY);

    static final Setting<String> K3S_IMAGE = Setting.text("k3sImage", K3S_IMAGE_KEY).checkedBy(v -> {
        Optional<String> problem = v.value().chars().anyMatch(Character::isWhitespace)
                ? Optional.of("it contains whitespace") : k3sImageProblem(v.value());
        if (problem.isPresent()) {
            throw v.invalid("k3sImage must be an image reference with rancher/k3s's interface, such as "
                    + TargetSettings.EmbeddedSettings.DEFAULT_IMAGE + " or redis-ha-junit/k3s-contract:v1.37.2, but "
                    + problem.get() + " (fix the image name)");
        }
        return v.value();
    });

    static final Setting<Boolean> K3S_PRIVILEGED = Setting.bool("k3sPrivileged", K3S_PRIVILEGED_KEY, "k3sPrivileged"
            + " must be true or false (false starts the embedded K3s with every capability but SYS_RESOURCE instead"
            + " of privileged mode)");

    static final Setting<Boolean> EMBEDDED = Setting.bool("embedded", EMBEDDED_KEY, "embedded must be true or false"
            + " (true uses the embedded K3s even where a kubeconfig is found)");

    static final Setting<Boolean> SWEEP = Setting.bool("sweep", SWEEP_KEY, "sweep must be true or false (false keeps"
            + " a run from deleting the expired namespaces of earlier runs)");

    static final Setting<String> REPORTS_DIR = Setting.text("reportsDir", REPORTS_DIR_KEY);

    private Settings() {
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

    /** A PEM file of this machine, with a leading {@code ~/} expanded. */
    private static Setting<String> pemFile(String element, String key) {
        return Setting.text(element, key).checkedBy(v -> {
            Path path = Path.of(SettingParsers.expandHome(v.value()));
            if (!Files.isRegularFile(path)) {
                throw v.invalid(path.toAbsolutePath() + " is not a file (point it at a PEM file)");
            }
            return path.toString();
        });
    }

    /** A {@code NAME[:KEY]} Secret reference. */
    private static Setting<String> secretRef(String element, String key) {
        return Setting.text(element, key).requiring(v -> SECRET_REF.matcher(v).matches(), element + " must be NAME"
                + " or NAME:KEY, the Secret's name and the key of the password (e.g. redis or redis:redis-password)");
    }
}
