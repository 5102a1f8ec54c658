package io.github.redishajunit.internal.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.redishajunit.CleanupPolicy;
import io.github.redishajunit.RedisHACluster;
import io.github.redishajunit.StackScope;
import io.github.redishajunit.internal.cluster.TargetSettings;
import io.github.redishajunit.internal.credentials.StackCredentials;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

class ConfigResolverTest {

    private final Map<String, String> parameters = new HashMap<>();
    private final ConfigResolver resolver = new ConfigResolver(key -> Optional.ofNullable(parameters.get(key)));

    @RedisHACluster
    static class Defaults {}

    @RedisHACluster(replicas = 3, image = "redis:7.2.6", storageClass = "fast", storageSize = "1Gi",
            namespace = "redis", startupTimeout = "90s", cleanup = CleanupPolicy.NEVER, nodePort = 0)
    static class Explicit {}

    @RedisHACluster(replicas = 1)
    static class OneReplica {}

    @RedisHACluster(replicas = -1)
    static class NegativeReplicas {}

    @RedisHACluster(storageSize = "8 GB")
    static class BadSize {}

    @RedisHACluster(startupTimeout = "soon")
    static class BadTimeout {}

    @RedisHACluster(namespace = "Redis_NS")
    static class BadNamespace {}

    @RedisHACluster(manifest = "classpath:no/such/manifest.yaml")
    static class MissingClasspathManifest {}

    @RedisHACluster(manifest = "no/such/file.yaml")
    static class MissingFileManifest {}

    @RedisHACluster(provision = false)
    static class AttachWithoutNamespace {}

    @RedisHACluster(provision = false, namespace = "shop", tls = true)
    static class AttachWithTls {}

    @RedisHACluster(tls = true)
    static class ProvisionWithTls {}

    @RedisHACluster(sentinel = true)
    static class ProvisionWithSentinels {}

    @RedisHACluster(provision = false, namespace = "shop", sentinel = true)
    static class AttachWithSentinels {}

    @RedisHACluster(nodePort = 70000)
    static class BadNodePort {}

    @RedisHACluster(image = "redis 7")
    static class BadImage {}

    @RedisHACluster(storageClass = "Local_Path")
    static class BadStorageClass {}

    private static RedisHACluster of(Class<?> c) {
        return c.getAnnotation(RedisHACluster.class);
    }

    private ExtensionConfig resolve(Class<?>... classes) {
        return resolver.resolve(java.util.Arrays.stream(classes).map(ConfigResolverTest::of).toList());
    }

    @Test
    void defaultsKeepTheManifestsValuesAndProvisionAnEphemeralNamespace() {
        ExtensionConfig config = resolve(Defaults.class);

        assertThat(config).isEqualTo(new ExtensionConfig(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), RedisHACluster.DEFAULT_MANIFEST, Optional.empty(), Duration.ofMinutes(3),
                CleanupPolicy.ON_SUCCESS, true, Optional.empty(), false, false, false, Optional.empty(),
                StackCredentials.Options.none(), Optional.empty(), StackScope.ELEMENT, Duration.ofHours(2)));
        assertThat(config.ephemeralNamespace()).isTrue();
        assertThat(resolver.resolve(List.of())).isEqualTo(config);
    }

    @Test
    void explicitAnnotationValuesWin() {
        parameters.put(RedisHACluster.REPLICAS_KEY, "5");
        parameters.put(RedisHACluster.IMAGE_KEY, "redis:6");
        parameters.put(RedisHACluster.CLEANUP_KEY, "always");

        ExtensionConfig config = resolve(Explicit.class);

        assertThat(config.replicas()).contains(3);
        assertThat(config.image()).contains("redis:7.2.6");
        assertThat(config.storageClass()).contains("fast");
        assertThat(config.storageSize()).contains("1Gi");
        assertThat(config.namespace()).contains("redis");
        assertThat(config.startupTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(config.cleanup()).isEqualTo(CleanupPolicy.NEVER);
        assertThat(config.nodePort()).contains(0);
    }

    @Test
    void configurationParametersFillWhatTheAnnotationLeavesUnset() {
        parameters.put(RedisHACluster.REPLICAS_KEY, "4");
        parameters.put(RedisHACluster.IMAGE_KEY, "redis:7.2.6");
        parameters.put(RedisHACluster.STARTUP_TIMEOUT_KEY, "PT2M30S");
        parameters.put(RedisHACluster.CLEANUP_KEY, "never");
        parameters.put(RedisHACluster.PROVISION_KEY, "false");
        parameters.put(RedisHACluster.NAMESPACE_KEY, "redis");
        parameters.put(RedisHACluster.NODE_PORT_KEY, "30903");

        ExtensionConfig config = resolve(Defaults.class);

        assertThat(config.replicas()).contains(4);
        assertThat(config.image()).contains("redis:7.2.6");
        assertThat(config.startupTimeout()).isEqualTo(Duration.ofSeconds(150));
        assertThat(config.cleanup()).isEqualTo(CleanupPolicy.NEVER);
        assertThat(config.provision()).isFalse();
        assertThat(config.namespace()).contains("redis");
        assertThat(config.nodePort()).contains(30903);
    }

    @Test
    void theElementsAnnotationWinsOverItsClasss() {
        assertThat(resolve(OneReplica.class, Explicit.class).replicas()).contains(1);
        assertThat(resolve(OneReplica.class, Explicit.class).image()).contains("redis:7.2.6");
    }

    @Test
    void durations() {
        assertThat(SettingParsers.parseDuration("90s")).contains(Duration.ofSeconds(90));
        assertThat(SettingParsers.parseDuration("3m")).contains(Duration.ofMinutes(3));
        assertThat(SettingParsers.parseDuration("1m30s")).contains(Duration.ofSeconds(90));
        assertThat(SettingParsers.parseDuration("500ms")).contains(Duration.ofMillis(500));
        assertThat(SettingParsers.parseDuration("1h")).contains(Duration.ofHours(1));
        assertThat(SettingParsers.parseDuration("PT3M")).contains(Duration.ofMinutes(3));
        assertThat(SettingParsers.parseDuration("pt3m")).contains(Duration.ofMinutes(3));
        assertThat(SettingParsers.parseDuration("0s")).isEmpty();
        assertThat(SettingParsers.parseDuration("3 m")).isEmpty();
        assertThat(SettingParsers.parseDuration("3")).isEmpty();
        assertThat(SettingParsers.parseDuration("soon")).isEmpty();
        assertThat(SettingParsers.parseDuration("PT-1M")).isEmpty();
    }

    @Test
    void quantities() {
        assertThat(SettingParsers.isPositiveQuantity("8Gi")).isTrue();
        assertThat(SettingParsers.isPositiveQuantity("500Mi")).isTrue();
        assertThat(SettingParsers.isPositiveQuantity("1.5Gi")).isTrue();
        assertThat(SettingParsers.isPositiveQuantity("1G")).isTrue();
        assertThat(SettingParsers.isPositiveQuantity("0Gi")).isFalse();
        assertThat(SettingParsers.isPositiveQuantity("8 GB")).isFalse();
        assertThat(SettingParsers.isPositiveQuantity("-1Gi")).isFalse();
        assertThat(SettingParsers.isPositiveQuantity("8GB")).isFalse();
    }

    @Test
    void negativeReplicas() {
        assertThatThrownBy(() -> resolve(NegativeReplicas.class))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("@RedisHACluster(replicas = -1) is invalid: replicas must be >= 0 (set it to the number"
                        + " of redis-slave pods to expect)");
    }

    @Test
    void negativeReplicasFromAConfigurationParameter() {
        parameters.put(RedisHACluster.REPLICAS_KEY, "-2");

        assertThatThrownBy(() -> resolve(Defaults.class))
                .hasMessage("@RedisHACluster replicas from configuration parameter redis.ha.replicas = -2 is invalid:"
                        + " replicas must be >= 0 (set it to the number of redis-slave pods to expect)");
    }

    @Test
    void replicasThatAreNoNumber() {
        parameters.put(RedisHACluster.REPLICAS_KEY, "two");

        assertThatThrownBy(() -> resolve(Defaults.class))
                .hasMessage("@RedisHACluster replicas from configuration parameter redis.ha.replicas = \"two\" is"
                        + " invalid: replicas must be an integer");
    }

    @Test
    void unparsableStorageSize() {
        assertThatThrownBy(() -> resolve(BadSize.class))
                .hasMessage("@RedisHACluster(storageSize = \"8 GB\") is invalid: storageSize must be a positive"
                        + " Kubernetes quantity such as 1Gi or 500Mi (write a number followed by Ki, Mi, Gi or Ti)");
    }

    @Test
    void unparsableStartupTimeout() {
        assertThatThrownBy(() -> resolve(BadTimeout.class))
                .hasMessage("@RedisHACluster(startupTimeout = \"soon\") is invalid: startupTimeout must be a positive"
                        + " duration such as 90s, 3m, 1m30s or PT3M (write numbers followed by ms, s, m or h)");
    }

    @Test
    void namespaceThatIsNoDnsLabel() {
        assertThatThrownBy(() -> resolve(BadNamespace.class))
                .hasMessage("@RedisHACluster(namespace = \"Redis_NS\") is invalid: namespace must be a DNS label: at"
                        + " most 63 lowercase letters, digits and '-', starting and ending with a letter or digit"
                        + " (leave it empty for a fresh namespace per class)");
    }

    @Test
    void manifestNotOnTheClasspath() {
        assertThatThrownBy(() -> resolve(MissingClasspathManifest.class))
                .hasMessage("@RedisHACluster(manifest = \"classpath:no/such/manifest.yaml\") is invalid: manifest"
                        + " no/such/manifest.yaml is not on the classpath (give classpath:path/in/a/jar.yaml or a"
                        + " file path; the default is"
                        + " classpath:io/github/redishajunit/manifests/redis-ha-cluster.yaml)");
    }

    @Test
    void manifestFileThatDoesNotExist() {
        String cwd = java.nio.file.Path.of("").toAbsolutePath().toString();
        assertThatThrownBy(() -> resolve(MissingFileManifest.class))
                .hasMessage("@RedisHACluster(manifest = \"no/such/file.yaml\") is invalid: manifest file " + cwd
                        + "/no/such/file.yaml does not exist (give a file path relative to " + cwd
                        + " or classpath:path/in/a/jar.yaml)");
    }

    @Test
    void attachModeWithoutNamespace() {
        assertThatThrownBy(() -> resolve(AttachWithoutNamespace.class))
                .hasMessage("@RedisHACluster(provision = false) is invalid: attach mode needs the namespace of the"
                        + " already deployed stack (set namespace = \"...\" or the configuration parameter"
                        + " redis.ha.namespace)");
    }

    @Test
    void tlsIsProvisionedByTheAnnotationAndRefusedWhenAttaching() {
        assertThat(resolve(ProvisionWithTls.class).tls()).isTrue();
        assertThatThrownBy(() -> resolve(AttachWithTls.class))
                .hasMessage("@RedisHACluster(tls = true) only applies when provisioning: an attached stack speaks TLS"
                        + " as it runs, found from its pods (fix: drop tls, or name its CA with"
                        + " redis.ha.tlsCaSecret)");
    }

    @Test
    void sentinelsAreProvisionedByTheAnnotationAndRefusedWhenAttaching() {
        assertThat(resolve(ProvisionWithSentinels.class).sentinel()).isTrue();
        assertThat(resolve(ProvisionWithTls.class).sentinel()).isFalse();
        assertThatThrownBy(() -> resolve(AttachWithSentinels.class))
                .hasMessage("@RedisHACluster(sentinel = true) only applies when provisioning: an attached stack's"
                        + " Sentinels are found from its pods (fix: drop sentinel)");
    }

    @Test
    void nodePortOutOfRange() {
        assertThatThrownBy(() -> resolve(BadNodePort.class))
                .hasMessage("@RedisHACluster(nodePort = 70000) is invalid: nodePort must be 0 (allocated by"
                        + " Kubernetes) or a port within 1..65535 (pick one in the cluster's NodePort range,"
                        + " 30000-32767 by default)");
    }

    @Test
    void imageWithWhitespace() {
        assertThatThrownBy(() -> resolve(BadImage.class))
                .hasMessage("@RedisHACluster(image = \"redis 7\") is invalid: image must be an image reference without"
                        + " whitespace, such as redis:7.0.15 (fix the image name)");
    }

    @Test
    void storageClassThatIsNoDnsName() {
        assertThatThrownBy(() -> resolve(BadStorageClass.class))
                .hasMessage("@RedisHACluster(storageClass = \"Local_Path\") is invalid: storageClass must be a"
                        + " lowercase DNS subdomain name (use the name of a StorageClass listed by kubectl get"
                        + " storageclass)");
    }

    @Test
    void unknownCleanupPolicy() {
        parameters.put(RedisHACluster.CLEANUP_KEY, "sometimes");

        assertThatThrownBy(() -> resolve(Defaults.class))
                .hasMessage("@RedisHACluster cleanup from configuration parameter redis.ha.cleanup = \"sometimes\" is"
                        + " invalid: cleanup must be one of ALWAYS, ON_SUCCESS, NEVER (ON_SUCCESS keeps the namespace"
                        + " of a failed class for inspection)");
    }

    @Test
    void enumParametersInAnyCaseWithDashes() {
        parameters.put(RedisHACluster.CLEANUP_KEY, " on-success ");
        parameters.put(RedisHACluster.SCOPE_KEY, "run");

        ExtensionConfig config = resolve(Defaults.class);

        assertThat(config.cleanup()).isEqualTo(CleanupPolicy.ON_SUCCESS);
        assertThat(config.scope()).isEqualTo(StackScope.RUN);
    }

    @Test
    void passwordSecretThatIsNoSecretReference() {
        parameters.put(RedisHACluster.PASSWORD_SECRET_KEY, "Redis/Password");

        assertThatThrownBy(() -> resolve(Defaults.class))
                .hasMessage("@RedisHACluster passwordSecret from configuration parameter redis.ha.passwordSecret ="
                        + " \"Redis/Password\" is invalid: passwordSecret must be NAME or NAME:KEY, the Secret's name"
                        + " and the key of the password (e.g. redis or redis:redis-password)");
    }

    @Test
    void provisionThatIsNoBoolean() {
        parameters.put(RedisHACluster.PROVISION_KEY, "maybe");

        assertThatThrownBy(() -> resolve(Defaults.class))
                .hasMessage("@RedisHACluster provision from configuration parameter redis.ha.provision = \"maybe\" is"
                        + " invalid: provision must be true or false (false attaches to the stack deployed in"
                        + " namespace)");
    }

    @Test
    void kubeconfigThatIsNoFile() {
        parameters.put(RedisHACluster.KUBECONFIG_KEY, "/no/such/kubeconfig");

        assertThatThrownBy(resolver::targetSettings)
                .hasMessage("@RedisHACluster kubeconfig from configuration parameter redis.ha.kubeconfig ="
                        + " \"/no/such/kubeconfig\" is invalid: /no/such/kubeconfig is not a file (point it at a kubeconfig, or unset it to use"
                        + " KUBECONFIG / ~/.kube/config)");
    }

    @Test
    void blankParametersCountAsUnset() {
        parameters.put(RedisHACluster.IMAGE_KEY, "  ");
        parameters.put(RedisHACluster.NAMESPACE_KEY, "");

        ExtensionConfig config = resolve(Defaults.class);

        assertThat(config.image()).isEmpty();
        assertThat(config.namespace()).isEmpty();
    }

    @RedisHACluster(scope = StackScope.RUN)
    static class RunScope {}

    @Test
    void scopeFromTheAnnotationThenTheParameterElseElement() {
        assertThat(resolve(Defaults.class).scope()).isEqualTo(StackScope.ELEMENT);
        assertThat(resolve(RunScope.class).scope()).isEqualTo(StackScope.RUN);
        parameters.put(RedisHACluster.SCOPE_KEY, "run");
        assertThat(resolve(Defaults.class).scope()).isEqualTo(StackScope.RUN);
        parameters.put(RedisHACluster.SCOPE_KEY, "class");
        assertThatThrownBy(() -> resolve(Defaults.class))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("@RedisHACluster scope from configuration parameter redis.ha.scope = \"class\" is invalid:"
                        + " scope must be ELEMENT (a stack per class or test, as annotated) or RUN (one stack for every"
                        + " class of the run with the same settings)");
    }

    @Test
    void ttlAndSweepFromTheirParameters() {
        assertThat(resolve(Defaults.class).ttl()).isEqualTo(Duration.ofHours(2));
        assertThat(resolver.sweep()).isTrue();
        parameters.put(RedisHACluster.TTL_KEY, "20s");
        parameters.put(RedisHACluster.SWEEP_KEY, "false");
        assertThat(resolve(Defaults.class).ttl()).isEqualTo(Duration.ofSeconds(20));
        assertThat(resolver.sweep()).isFalse();
        parameters.put(RedisHACluster.TTL_KEY, "soon");
        assertThatThrownBy(() -> resolve(Defaults.class))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("@RedisHACluster ttl from configuration parameter redis.ha.ttl = \"soon\" is invalid: ttl"
                        + " must be a positive duration such as 90s, 30m or 2h (longer than the longest run: a sweep"
                        + " deletes the namespaces that outlive it)");
    }

    @Test
    void theEmbeddedK3sDefaultsToAPrivilegedRancherK3sUsedOnlyAsTheLastResort() {
        TargetSettings.EmbeddedSettings embedded = resolver.targetSettings().embedded();

        assertThat(embedded).isEqualTo(new TargetSettings.EmbeddedSettings("rancher/k3s:v1.36.4-k3s1", true, false));
    }

    @Test
    void theEmbeddedK3sImagePrivilegeAndForcing() {
        parameters.put(RedisHACluster.K3S_IMAGE_KEY, " redis-ha-junit/k3s-contract:v1.37.2 ");
        parameters.put(RedisHACluster.K3S_PRIVILEGED_KEY, "FALSE");
        parameters.put(RedisHACluster.EMBEDDED_KEY, "true");

        assertThat(resolver.targetSettings().embedded()).isEqualTo(
                new TargetSettings.EmbeddedSettings("redis-ha-junit/k3s-contract:v1.37.2", false, true));
    }

    @Test
    void aK3sImageTestcontainersCannotParse() {
        parameters.put(RedisHACluster.K3S_IMAGE_KEY, "Rancher/K3S:latest");

        assertThatThrownBy(resolver::targetSettings)
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageStartingWith("@RedisHACluster k3sImage from configuration parameter redis.ha.k3sImage ="
                        + " \"Rancher/K3S:latest\" is invalid: k3sImage must be an image reference with rancher/k3s's"
                        + " interface, such as rancher/k3s:v1.36.4-k3s1 or redis-ha-junit/k3s-contract:v1.37.2, but ")
                .hasMessageEndingWith(" (fix the image name)");
    }

    @Test
    void aK3sImageWithWhitespace() {
        parameters.put(RedisHACluster.K3S_IMAGE_KEY, "rancher/k3s v1.36");

        assertThatThrownBy(resolver::targetSettings)
                .hasMessage("@RedisHACluster k3sImage from configuration parameter redis.ha.k3sImage = \"rancher/k3s"
                        + " v1.36\" is invalid: k3sImage must be an image reference with rancher/k3s's interface, such"
                        + " as rancher/k3s:v1.36.4-k3s1 or redis-ha-junit/k3s-contract:v1.37.2, but it contains"
                        + " whitespace (fix the image name)");
    }

    @Test
    void k3sPrivilegedThatIsNoBoolean() {
        parameters.put(RedisHACluster.K3S_PRIVILEGED_KEY, "no");

        assertThatThrownBy(resolver::targetSettings)
                .hasMessage("@RedisHACluster k3sPrivileged from configuration parameter redis.ha.k3sPrivileged ="
                        + " \"no\" is invalid: k3sPrivileged must be true or false (false starts the embedded K3s"
                        + " with every capability but SYS_RESOURCE instead of privileged mode)");
    }

    @Test
    void embeddedThatIsNoBoolean() {
        parameters.put(RedisHACluster.EMBEDDED_KEY, "yes");

        assertThatThrownBy(resolver::targetSettings)
                .hasMessage("@RedisHACluster embedded from configuration parameter redis.ha.embedded = \"yes\" is"
                        + " invalid: embedded must be true or false (true uses the embedded K3s even where a"
                        + " kubeconfig is found)");
    }

    @Test
    void embeddedWithAContextContradictsIt() {
        parameters.put(RedisHACluster.EMBEDDED_KEY, "true");
        parameters.put(RedisHACluster.CONTEXT_KEY, "prod");

        assertThatThrownBy(resolver::targetSettings)
                .hasMessage("@RedisHACluster configuration parameters redis.ha.embedded = \"true\" and"
                        + " redis.ha.context = \"prod\" contradict each other: the embedded K3s has no kubeconfig to"
                        + " read (unset one of them)");
    }
}
