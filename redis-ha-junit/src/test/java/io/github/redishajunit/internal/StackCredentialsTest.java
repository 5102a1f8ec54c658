package io.github.redishajunit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.lettuce.core.RedisCredentials;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/** Where the password is found, and the messages when it is not, against fabric8's mock API server. */
@EnableKubernetesMockClient(crud = true)
class StackCredentialsTest {

    static KubernetesClient client;

    private static final String NS = "cache";
    private static final String PASSWORD = "s3cr3t-value";

    @BeforeEach
    void secrets() {
        client.secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata().withName("cache").endMetadata()
                .addToData(Map.of("redis-password", base64(PASSWORD), "other", base64("x"))).build())
                .createOr(e -> e.update());
    }

    private static String base64(String value) {
        return java.util.Base64.getEncoder().encodeToString(value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static Pod pod(String args, String envName, String secret, String key) {
        return new PodBuilder().withNewMetadata().withName("cache-master-0").endMetadata().withNewSpec()
                .addNewContainer().withName("redis").withArgs("sh", "-c", args)
                .addNewPort().withContainerPort(6379).withName("tcp-redis").endPort()
                .addNewEnv().withName(envName).withNewValueFrom().withNewSecretKeyRef().withName(secret).withKey(key)
                .endSecretKeyRef().endValueFrom().endEnv()
                .endContainer().endSpec().build();
    }

    private static String password(StackCredentials.Found found) {
        RedisCredentials credentials = found.provider().orElseThrow().resolveCredentials().block();
        return new String(credentials.getPassword());
    }

    @Test
    void theChartsEnvFromItsSecretIsFoundAndTheSourceSaysWhereNeverWhat() {
        StackCredentials.Found found = StackCredentials.find(client, NS,
                List.of(pod("redis-server --requirepass \"$REDIS_PASSWORD\"", "REDIS_PASSWORD", "cache",
                        "redis-password")), StackCredentials.Options.none(), name -> null);

        assertThat(password(found)).isEqualTo(PASSWORD);
        assertThat(found.source()).isEqualTo("Secret cache key redis-password (env REDIS_PASSWORD of container redis"
                + " in pod cache-master-0)").doesNotContain(PASSWORD);
    }

    @Test
    void theVariableThatRequirepassNamesIsFollowed() {
        StackCredentials.Found found = StackCredentials.find(client, NS,
                List.of(pod("exec redis-server --requirepass $(AUTH_TOKEN)", "AUTH_TOKEN", "cache", "redis-password")),
                StackCredentials.Options.none(), name -> null);

        assertThat(password(found)).isEqualTo(PASSWORD);
        assertThat(found.source()).contains("env AUTH_TOKEN of container redis");
    }

    @Test
    void withoutAPasswordInThePodsThereIsNone() {
        StackCredentials.Found found = StackCredentials.find(client, NS,
                List.of(pod("redis-server", "UNRELATED", "cache", "other")), StackCredentials.Options.none(), n -> null);

        assertThat(found.provider()).isEmpty();
        assertThat(found.source()).startsWith("none found (looked at the Redis containers' env REDIS_PASSWORD,");
    }

    @Test
    void theOptionsWinAndTheirMistakesAreNamed() {
        StackCredentials.Options env = new StackCredentials.Options(Optional.of("app"), Optional.empty(),
                Optional.of("REDIS_PW"));
        StackCredentials.Found fromEnv = StackCredentials.find(client, NS, List.of(), env,
                name -> name.equals("REDIS_PW") ? "from-env" : null);
        assertThat(password(fromEnv)).isEqualTo("from-env");
        assertThat(fromEnv.source()).isEqualTo("environment variable REDIS_PW, user app");

        assertThatThrownBy(() -> StackCredentials.find(client, NS, List.of(), env, name -> null))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("@RedisHACluster configuration parameter redis.ha.passwordEnv = \"REDIS_PW\" is invalid:"
                        + " the environment variable REDIS_PW is not set or empty (fix: export REDIS_PW with the"
                        + " password, or use --password-secret NAME[:KEY])");
        assertThatThrownBy(() -> StackCredentials.find(client, NS, List.of(), secret("missing"), name -> null))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("@RedisHACluster cannot find the password: Secret missing (named by redis.ha.passwordSecret"
                        + " = \"missing\") does not exist in namespace cache (fix: create it, or name another with"
                        + " --password-secret NAME[:KEY])");
        assertThatThrownBy(() -> StackCredentials.find(client, NS, List.of(), secret("cache:nosuch"), name -> null))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageStartingWith("@RedisHACluster cannot find the password: Secret cache in namespace cache"
                        + " (named by redis.ha.passwordSecret = \"cache:nosuch\") has no key nosuch (its keys: ")
                .hasMessageNotContaining(PASSWORD);
        assertThat(password(StackCredentials.find(client, NS, List.of(), secret("cache"), name -> null)))
                .isEqualTo(PASSWORD);
    }

    private static StackCredentials.Options secret(String ref) {
        return new StackCredentials.Options(Optional.empty(), Optional.of(ref), Optional.empty());
    }
}
