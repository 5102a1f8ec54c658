package io.github.redishajunit.internal.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.lettuce.core.RedisCredentials;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * Where the password is found on each wiring real stacks use (env, password files on Secret volumes, arguments,
 * mounted configuration and ACL files, Sentinels with and without their own), and the messages when it is not,
 * against fabric8's mock API server. No value ever appears in a source or a message.
 */
@EnableKubernetesMockClient(crud = true)
class StackCredentialsTest {

    static KubernetesClient client;

    private static final String NS = "cache";
    private static final String PASSWORD = "s3cr3t-value";
    private static final String SENTINEL_PASSWORD = "sentinel-only-pw";

    @BeforeEach
    void objects() {
        client.secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata().withName("cache").endMetadata()
                .addToData(Map.of("redis-password", base64(PASSWORD), "other", base64("x"),
                        "sentinel-password", base64(SENTINEL_PASSWORD + "\n"))).build())
                .createOr(e -> e.update());
        client.configMaps().inNamespace(NS).resource(new ConfigMapBuilder().withNewMetadata().withName("redis-conf")
                .endMetadata()
                .addToData("redis.conf", "port 6379\n# requirepass commented-out\nrequirepass \"" + PASSWORD + "\"\n")
                .addToData("users.acl", "user default off\nuser app on >" + PASSWORD + " ~* +@all\n"
                        + "user hashed on #4c8b2a ~* +@all\n")
                .addToData("with-acl.conf", "aclfile /etc/redis/users.acl\n")
                .addToData("main.conf", "include /etc/redis/redis.conf\n")
                .addToData("sentinel.conf", "port 26379\nrequirepass " + SENTINEL_PASSWORD + "\n"
                        + "sentinel monitor mymaster 10.0.0.1 6379 2\nsentinel auth-pass mymaster " + PASSWORD + "\n")
                .addToData("auth-pass-only.conf", "sentinel auth-pass mymaster " + PASSWORD + "\n")
                .build()).createOr(e -> e.update());
    }

    private static String base64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }

    /** A data pod whose container {@code redis} (port 6379) is shaped by {@code container}, with {@code volumes}. */
    private static Pod pod(UnaryOperator<ContainerBuilder> container, VolumeBuilder... volumes) {
        return pod("cache-master-0", 6379, "redis", container, volumes);
    }

    private static Pod pod(String name, int port, String containerName, UnaryOperator<ContainerBuilder> container,
            VolumeBuilder... volumes) {
        ContainerBuilder redis = new ContainerBuilder().withName(containerName).addNewPort().withContainerPort(port)
                .endPort();
        PodBuilder pod = new PodBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec()
                .addToContainers(container.apply(redis).build()).endSpec();
        for (VolumeBuilder volume : volumes) {
            pod.editSpec().addToVolumes(volume.build()).endSpec();
        }
        return pod.build();
    }

    private static StackCredentials.Found find(Pod... pods) {
        return StackCredentials.find(client, NS, List.of(pods), List.of(), StackCredentials.Options.none(), n -> null);
    }

    private static String password(Optional<io.lettuce.core.RedisCredentialsProvider> provider) {
        RedisCredentials credentials = provider.orElseThrow().resolveCredentials().block();
        return new String(credentials.getPassword());
    }

    private static String password(StackCredentials.Found found) {
        return password(found.provider());
    }

    private static VolumeBuilder secretVolume(String name) {
        return new VolumeBuilder().withName(name).withNewSecret().withSecretName("cache").addNewItem()
                .withKey("redis-password").withPath("redis-password").endItem().endSecret();
    }

    private static VolumeBuilder configVolume() {
        return new VolumeBuilder().withName("config").withNewConfigMap().withName("redis-conf").endConfigMap();
    }

    @Test
    void theChartsEnvFromItsSecretIsFoundAndTheSourceSaysWhereNeverWhat() {
        StackCredentials.Found found = find(pod(c -> c.withArgs("sh", "-c", "redis-server --requirepass"
                + " \"$REDIS_PASSWORD\"").addNewEnv().withName("REDIS_PASSWORD").withNewValueFrom()
                .withNewSecretKeyRef("redis-password", "cache", false).endValueFrom().endEnv()));

        assertThat(password(found)).isEqualTo(PASSWORD);
        assertThat(found.source()).isEqualTo("Secret cache key redis-password (env REDIS_PASSWORD of container redis"
                + " in pod cache-master-0), named by the --requirepass argument of container redis in pod"
                + " cache-master-0").doesNotContain(PASSWORD);
    }

    @Test
    void theVariableThatRequirepassNamesIsFollowed() {
        StackCredentials.Found found = find(pod(c -> c.withArgs("sh", "-c", "exec redis-server --requirepass"
                + " $(AUTH_TOKEN)").addNewEnv().withName("AUTH_TOKEN").withNewValueFrom()
                .withNewSecretKeyRef("redis-password", "cache", false).endValueFrom().endEnv()));

        assertThat(password(found)).isEqualTo(PASSWORD);
        assertThat(found.source()).contains("env AUTH_TOKEN of container redis");
    }

    @Test
    void bitnamisPasswordFileIsFollowedToTheKeyOfItsSecretVolume() {
        // auth.usePasswordFiles, the chart's default: no password variable, a file from a Secret volume with items
        StackCredentials.Found found = find(pod(c -> c.withCommand("/bin/bash").withArgs("-c",
                        "/opt/bitnami/scripts/start-scripts/start-master.sh")
                .addNewEnv().withName("REDIS_PASSWORD_FILE").withValue("/opt/bitnami/redis/secrets/redis-password")
                .endEnv().addNewVolumeMount().withName("redis-password").withMountPath("/opt/bitnami/redis/secrets/")
                .endVolumeMount(), secretVolume("redis-password")));

        assertThat(password(found)).isEqualTo(PASSWORD);
        assertThat(found.source()).isEqualTo("Secret cache key redis-password (REDIS_PASSWORD_FILE of container redis"
                + " in pod cache-master-0, file /opt/bitnami/redis/secrets/redis-password)");
    }

    @Test
    void aFileOfAProjectedVolumeOrASubPathMountIsFollowedAndItsTrailingNewlineDropped() {
        VolumeBuilder projected = new VolumeBuilder().withName("secrets").withNewProjected().addNewSource()
                .withNewConfigMap().withName("redis-conf").addNewItem().withKey("redis.conf").withPath("redis.conf")
                .endItem().endConfigMap().endSource().addNewSource().withNewSecret().withName("cache").addNewItem()
                .withKey("sentinel-password").withPath("auth/pw").endItem().endSecret().endSource().endProjected();
        StackCredentials.Found fromProjected = find(pod(c -> c.addNewEnv().withName("REDISCLI_AUTH_FILE")
                .withValue("/run/secrets/auth/pw").endEnv().addNewVolumeMount().withName("secrets")
                .withMountPath("/run/secrets").endVolumeMount(), projected));
        assertThat(password(fromProjected)).isEqualTo(SENTINEL_PASSWORD);
        assertThat(fromProjected.source()).startsWith("Secret cache key sentinel-password (REDISCLI_AUTH_FILE of");

        VolumeBuilder whole = new VolumeBuilder().withName("pw").withNewSecret().withSecretName("cache").endSecret();
        StackCredentials.Found fromSubPath = find(pod(c -> c.addNewEnv().withName("APP_REDIS_PASSWORD_FILE")
                .withValue("/etc/redis-pass").endEnv().addNewVolumeMount().withName("pw")
                .withMountPath("/etc/redis-pass").withSubPath("redis-password").endVolumeMount(), whole));
        assertThat(password(fromSubPath)).isEqualTo(PASSWORD);
        assertThat(fromSubPath.source()).startsWith("Secret cache key redis-password (APP_REDIS_PASSWORD_FILE of");
    }

    @Test
    void aPasswordFileOnlyAnExecCouldReadIsNamedWithTheOptionsThatSetItByHand() {
        VolumeBuilder data = new VolumeBuilder().withName("data").withNewPersistentVolumeClaim()
                .withClaimName("data-cache-master-0").endPersistentVolumeClaim();
        StackCredentials.Found found = find(pod(c -> c.withArgs("redis-server", "--requirepass",
                        "$(cat /data/.pw)")
                .addNewEnv().withName("REDIS_PASSWORD_FILE").withValue("/data/.pw").endEnv()
                .addNewEnv().withName("REDISCLI_AUTH_FILE").withValue("/etc/baked-in").endEnv()
                .addNewVolumeMount().withName("data").withMountPath("/data").endVolumeMount(), data));

        assertThat(found.provider()).isEmpty();
        assertThat(found.source())
                .startsWith("none found (looked at the --requirepass argument of container redis in pod cache-master-0"
                        + " names /data/.pw (on volume data (PersistentVolumeClaim data-cache-master-0)): only an exec"
                        + " into the pod could read it, which this library does not do;")
                .contains("REDISCLI_AUTH_FILE of container redis in pod cache-master-0 names /etc/baked-in (on no volume"
                        + " of container redis: a file of the image or one the container wrote)")
                .contains("container redis in pod cache-master-0: no password in env REDIS_PASSWORD, REDISCLI_AUTH,"
                        + " VALKEY_PASSWORD, VALKEYCLI_AUTH, REDIS_MASTER_PASSWORD, VALKEY_PRIMARY_PASSWORD, in the"
                        + " files that REDIS_PASSWORD_FILE, REDISCLI_AUTH_FILE, VALKEY_PASSWORD_FILE,"
                        + " VALKEYCLI_AUTH_FILE, REDIS_MASTER_PASSWORD_FILE, VALKEY_PRIMARY_PASSWORD_FILE or another"
                        + " *_PASSWORD_FILE name")
                .endsWith("then the options --password-secret NAME[:KEY] (redis.ha.passwordSecret) or --password-env"
                        + " VAR (redis.ha.passwordEnv), and --user NAME (redis.ha.user) for an ACL user)");
    }

    @Test
    void literalArgumentsAndCommandSubstitutionsOfMountedFilesAreRead() {
        StackCredentials.Found literal = find(pod(c -> c.withArgs("redis-server", "--requirepass=" + PASSWORD)));
        assertThat(password(literal)).isEqualTo(PASSWORD);
        assertThat(literal.source()).isEqualTo("the --requirepass argument of container redis in pod cache-master-0");

        StackCredentials.Found substituted = find(pod(c -> c.withCommand("sh", "-c").withArgs(
                        "exec redis-server --port 6379 --requirepass \"$(cat \"$PW_PATH\")\" --appendonly yes")
                .addNewEnv().withName("PW_PATH").withValue("/secrets/redis-password").endEnv()
                .addNewVolumeMount().withName("pw").withMountPath("/secrets").endVolumeMount(), secretVolume("pw")));
        assertThat(password(substituted)).isEqualTo(PASSWORD);
        assertThat(substituted.source()).isEqualTo("Secret cache key redis-password (the --requirepass argument of"
                + " container redis in pod cache-master-0, file /secrets/redis-password)");
    }

    @Test
    void aPlaceholderInTheConfigurationIsOnlyTheFirstCandidateAndTheSecretVariableAStartScriptUsesFollows() {
        // a chart's redis.conf carries a placeholder its init script overwrites with $TOKEN_FROM_VAULT; nothing in the
        // spec says which one the server runs with, so each is a candidate, the configuration's first
        client.configMaps().inNamespace(NS).resource(new ConfigMapBuilder().withNewMetadata().withName("templated")
                .endMetadata().addToData("redis.conf", "masterauth placeholder-to-replace\nrequirepass"
                        + " placeholder-to-replace\n").build()).createOr(e -> e.update());
        VolumeBuilder templated = new VolumeBuilder().withName("templated").withNewConfigMap().withName("templated")
                .endConfigMap();
        StackCredentials.Found found = find(pod(c -> c.withArgs("redis-server", "/tpl/redis.conf")
                .addNewVolumeMount().withName("templated").withMountPath("/tpl").endVolumeMount()
                .addNewEnv().withName("TOKEN_FROM_VAULT").withNewValueFrom()
                .withNewSecretKeyRef("redis-password", "cache", false).endValueFrom().endEnv()
                .addNewEnv().withName("UNRELATED_SECRET").withNewValueFrom()
                .withNewSecretKeyRef("other", "cache", false).endValueFrom().endEnv(), templated));

        // the variable a Secret key named for a password fills comes before one any other key fills
        assertThat(found.data().size()).isEqualTo(3);
        assertThat(found.source()).isEqualTo("requirepass in /tpl/redis.conf (ConfigMap templated key redis.conf) of"
                + " container redis in pod cache-master-0");
        assertThat(found.data().settle(login -> password(login.provider()).equals(PASSWORD))).isTrue();
        assertThat(password(found.data().provider())).isEqualTo(PASSWORD);
        assertThat(found.data().describe()).isEqualTo("Secret cache key redis-password (env TOKEN_FROM_VAULT of"
                + " container redis in pod cache-master-0) (after the server refused requirepass in /tpl/redis.conf"
                + " (ConfigMap templated key redis.conf) of container redis in pod cache-master-0)")
                .doesNotContain(PASSWORD).doesNotContain("placeholder-to-replace");
        // a server that accepts none: each source named, no value
        StackCredentials.Found again = find(pod(c -> c.withArgs("redis-server", "/tpl/redis.conf")
                .addNewVolumeMount().withName("templated").withMountPath("/tpl").endVolumeMount()
                .addNewEnv().withName("TOKEN_FROM_VAULT").withNewValueFrom()
                .withNewSecretKeyRef("redis-password", "cache", false).endValueFrom().endEnv(), templated));
        assertThat(again.data().settle(login -> false)).isFalse();
        assertThat(again.data().describe()).startsWith("each of the 2 found, all refused: requirepass in /tpl/redis.conf")
                .contains("; Secret cache key redis-password (env TOKEN_FROM_VAULT").doesNotContain(PASSWORD);
    }

    @Test
    void anAclOfHashesLeadsToTheDefaultUsersKeyOfASecretOnlyAnInitContainerMounts() {
        // the server's configuration is written at start-up on its data volume; its ACL holds only #sha256 hashes
        client.secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata().withName("kv-logins")
                .endMetadata().addToData(Map.of("default-password", base64(PASSWORD), "replicator-password",
                        base64("replicator-pw"), "aclConfig", base64("user x on >nope ~* +@all\n"))).build())
                .createOr(e -> e.update());
        Pod pod = new PodBuilder(pod(c -> c.withArgs("/data/conf/kv.conf").addNewVolumeMount().withName("data")
                .withMountPath("/data").endVolumeMount())).editSpec()
                .addNewInitContainer().withName("write-conf").addNewVolumeMount().withName("logins")
                .withMountPath("/logins").endVolumeMount().endInitContainer()
                .addNewVolume().withName("logins").withNewSecret().withSecretName("kv-logins").endSecret().endVolume()
                .addNewVolume().withName("data").withNewPersistentVolumeClaim("data-kv-0", false).endVolume()
                .endSpec().build();

        StackCredentials.Found found = find(pod);

        assertThat(found.data().size()).isEqualTo(1);
        assertThat(password(found)).isEqualTo(PASSWORD);
        assertThat(found.source()).isEqualTo("Secret kv-logins key default-password (volume logins of pod"
                + " cache-master-0)");
    }

    @Test
    void requirepassInAMountedRedisConfIsFoundAndIncludesAreFollowed() {
        StackCredentials.Found named = find(pod(c -> c.withArgs("redis-server", "/etc/redis/main.conf")
                .addNewVolumeMount().withName("config").withMountPath("/etc/redis").endVolumeMount(), configVolume()));
        assertThat(password(named)).isEqualTo(PASSWORD);
        assertThat(named.source()).isEqualTo("requirepass in /etc/redis/redis.conf (ConfigMap redis-conf key"
                + " redis.conf) of container redis in pod cache-master-0");

        // a redis.conf in a Secret, named by the command line
        client.secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata().withName("conf").endMetadata()
                .addToStringData("redis.conf", "masterauth " + PASSWORD + "\n").build()).createOr(e -> e.update());
        VolumeBuilder secretConf = new VolumeBuilder().withName("conf").withNewSecret().withSecretName("conf")
                .endSecret();
        StackCredentials.Found fromSecret = find(pod(c -> c.withArgs("redis-server", "/conf/redis.conf")
                .addNewVolumeMount().withName("conf").withMountPath("/conf").endVolumeMount(), secretConf));
        assertThat(password(fromSecret)).isEqualTo(PASSWORD);
        assertThat(fromSecret.source()).startsWith("masterauth in /conf/redis.conf (Secret conf key redis.conf)");
    }

    @Test
    void anAclUserIsFoundInTheAclfileForUserAndAHashedOneIsNamedAsUnusable() {
        Pod pod = pod(c -> c.withArgs("redis-server", "/etc/redis/with-acl.conf").addNewVolumeMount()
                .withName("config").withMountPath("/etc/redis").endVolumeMount(), configVolume());
        StackCredentials.Found app = StackCredentials.find(client, NS, List.of(pod), List.of(),
                new StackCredentials.Options(Optional.of("app"), Optional.empty(), Optional.empty(), Optional.empty(),
                        Optional.empty()), n -> null);
        assertThat(password(app)).isEqualTo(PASSWORD);
        assertThat(app.source()).isEqualTo("ACL user app in /etc/redis/users.acl (ConfigMap redis-conf key users.acl)"
                + " of container redis in pod cache-master-0, user app");
        assertThat(app.provider().orElseThrow().resolveCredentials().block().getUsername()).isEqualTo("app");

        StackCredentials.Found hashed = StackCredentials.find(client, NS, List.of(pod), List.of(),
                new StackCredentials.Options(Optional.of("hashed"), Optional.empty(), Optional.empty(),
                        Optional.empty(), Optional.empty()), n -> null);
        // without --user: the ACL turns the default user off, so no password of the configuration is the one to use
        StackCredentials.Found noUser = find(pod);
        assertThat(noUser.provider()).isEmpty();
        assertThat(noUser.source()).contains("the ACL in /etc/redis/users.acl (ConfigMap redis-conf key users.acl) of"
                + " container redis in pod cache-master-0 turns the default user off (its users: default, app,"
                + " hashed): only --user NAME can log in");

        // the conf's requirepass in the same ConfigMap is the default user's: with --user hashed, none is usable
        assertThat(hashed.provider().orElseThrow().resolveCredentials().block().getPassword()).isNull();
        assertThat(hashed.source()).startsWith("none found (looked at ACL user hashed").contains("ACL user hashed in /etc/redis/users.acl (ConfigMap redis-conf key"
                + " users.acl) has only a hashed password (#...), which no client can log in with");
    }

    @Test
    void envFromASecretIsRead() {
        client.secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata().withName("env").endMetadata()
                .addToStringData("PASSWORD", PASSWORD).build()).createOr(e -> e.update());
        StackCredentials.Found found = find(pod(c -> c.addNewEnvFrom().withPrefix("REDIS_").withNewSecretRef()
                .withName("env").endSecretRef().endEnvFrom()));

        assertThat(password(found)).isEqualTo(PASSWORD);
        assertThat(found.source()).isEqualTo("Secret env key PASSWORD (env REDIS_PASSWORD of container redis in pod"
                + " cache-master-0 (envFrom))");
    }

    @Test
    void sentinelsWithoutAPasswordOfTheirOwnAreTriedWithNoneFirstThenTheOnesTheirContainersCarry() {
        Pod data = pod(c -> c.addNewEnv().withName("REDIS_PASSWORD_FILE").withValue("/secrets/redis-password")
                .endEnv().addNewVolumeMount().withName("pw").withMountPath("/secrets").endVolumeMount(),
                secretVolume("pw"));
        Pod sentinel = pod("cache-node-0", 26379, "sentinel", c -> c.addNewEnv().withName("REDIS_PASSWORD_FILE")
                .withValue("/secrets/redis-password").endEnv().addNewVolumeMount().withName("pw")
                .withMountPath("/secrets").endVolumeMount(), secretVolume("pw"));

        StackCredentials.Found found = StackCredentials.find(client, NS, List.of(data), List.of(sentinel),
                StackCredentials.Options.none(), n -> null);

        assertThat(found.sentinels().describe()).isEqualTo("to be tried in turn: none, then Secret cache key"
                + " redis-password (REDIS_PASSWORD_FILE of container sentinel in pod cache-node-0, file"
                + " /secrets/redis-password)").doesNotContain(PASSWORD);
    }

    @Test
    void aSentinelsOwnPasswordComesFromItsFileVariableOrItsConfigAndAuthPassServesTheDataPods() {
        VolumeBuilder whole = new VolumeBuilder().withName("pw").withNewSecret().withSecretName("cache").endSecret();
        Pod byFile = pod("cache-node-0", 26379, "sentinel", c -> c.addNewEnv().withName("REDIS_SENTINEL_PASSWORD_FILE")
                .withValue("/secrets/sentinel-password").endEnv().addNewVolumeMount().withName("pw")
                .withMountPath("/secrets").endVolumeMount(), whole);
        assertThat(StackCredentials.find(client, NS, List.of(), List.of(byFile), StackCredentials.Options.none(),
                n -> null).sentinels().describe()).isEqualTo("Secret cache key sentinel-password"
                + " (REDIS_SENTINEL_PASSWORD_FILE of container sentinel in pod cache-node-0, file"
                + " /secrets/sentinel-password)");

        Pod byConfig = pod("cache-node-0", 26379, "sentinel", c -> c.withArgs("redis-sentinel",
                        "/etc/redis/sentinel.conf")
                .addNewVolumeMount().withName("config").withMountPath("/etc/redis").endVolumeMount(), configVolume());
        StackCredentials.Found found = StackCredentials.find(client, NS, List.of(pod(c -> c)), List.of(byConfig),
                StackCredentials.Options.none(), n -> null);
        assertThat(found.sentinels().describe()).isEqualTo("requirepass in /etc/redis/sentinel.conf (ConfigMap"
                + " redis-conf key sentinel.conf) of container sentinel in pod cache-node-0");
        // the data pod says nothing; the Sentinel's auth-pass for its master does
        assertThat(password(found)).isEqualTo(PASSWORD);
        assertThat(found.source()).isEqualTo("sentinel auth-pass in /etc/redis/sentinel.conf (ConfigMap redis-conf key"
                + " sentinel.conf) of container sentinel in pod cache-node-0, the Sentinels' password for the master");
    }

    @Test
    void withoutAPasswordInThePodsThereIsNoneAndTheMessageListsWhereItLooked() {
        StackCredentials.Found found = find(pod(c -> c.withArgs("redis-server").addNewEnv().withName("UNRELATED")
                .withValue("x").endEnv()));

        assertThat(found.provider()).isEmpty();
        assertThat(found.source()).isEqualTo("none found (looked at container redis in pod cache-master-0: no password"
                + " in env REDIS_PASSWORD, REDISCLI_AUTH, VALKEY_PASSWORD, VALKEYCLI_AUTH, REDIS_MASTER_PASSWORD,"
                + " VALKEY_PRIMARY_PASSWORD, in the files that REDIS_PASSWORD_FILE, REDISCLI_AUTH_FILE,"
                + " VALKEY_PASSWORD_FILE, VALKEYCLI_AUTH_FILE, REDIS_MASTER_PASSWORD_FILE, VALKEY_PRIMARY_PASSWORD_FILE"
                + " or another *_PASSWORD_FILE name, in a --requirepass"
                + " or --masterauth argument, in a configuration file (none on a ConfigMap or Secret it mounts or"
                + " names), or in another env variable from a Secret; then the options"
                + " --password-secret"
                + " NAME[:KEY] (redis.ha.passwordSecret) or --password-env VAR (redis.ha.passwordEnv), and --user NAME"
                + " (redis.ha.user) for an ACL user)");
    }

    @Test
    void theOptionsWinAndTheirMistakesAreNamed() {
        StackCredentials.Options env = new StackCredentials.Options(Optional.of("app"), Optional.empty(),
                Optional.of("REDIS_PW"), Optional.empty(), Optional.empty());
        StackCredentials.Found fromEnv = StackCredentials.find(client, NS, List.of(), List.of(), env,
                name -> name.equals("REDIS_PW") ? "from-env" : null);
        assertThat(password(fromEnv)).isEqualTo("from-env");
        assertThat(fromEnv.source()).isEqualTo("environment variable REDIS_PW, user app");

        assertThatThrownBy(() -> StackCredentials.find(client, NS, List.of(), List.of(), env, name -> null))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("@RedisHACluster configuration parameter redis.ha.passwordEnv = \"REDIS_PW\" is invalid:"
                        + " the environment variable REDIS_PW is not set or empty (fix: export REDIS_PW with the"
                        + " password, or name its Secret with redis.ha.passwordSecret)");
        assertThatThrownBy(() -> StackCredentials.find(client, NS, List.of(), List.of(), secret("missing"),
                        name -> null))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("@RedisHACluster cannot find the password: Secret missing (named by redis.ha.passwordSecret"
                        + " = \"missing\") does not exist in namespace cache (fix: create it, or name another with"
                        + " --password-secret NAME[:KEY])");
        assertThatThrownBy(() -> StackCredentials.find(client, NS, List.of(), List.of(), secret("cache:nosuch"),
                        name -> null))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageStartingWith("@RedisHACluster cannot find the password: Secret cache in namespace cache"
                        + " (named by redis.ha.passwordSecret = \"cache:nosuch\") has no key nosuch (its keys: ")
                .hasMessageNotContaining(PASSWORD);
        assertThat(password(StackCredentials.find(client, NS, List.of(), List.of(), secret("cache"), name -> null)))
                .isEqualTo(PASSWORD);
    }

    private static StackCredentials.Options secret(String ref) {
        return new StackCredentials.Options(Optional.empty(), Optional.of(ref), Optional.empty(), Optional.empty(),
                Optional.empty());
    }
}
