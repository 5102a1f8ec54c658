package io.github.redishajunit.internal.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.redishajunit.ConnectionSettings;
import io.github.redishajunit.localredis.LocalRedis;
import io.github.redishajunit.localredis.LocalRedisExtension;
import io.github.redishajunit.localredis.LocalServer;
import io.github.redishajunit.localredis.RedisProcess;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisCredentialsProvider;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The logins tried on a Sentinel, over real servers (a Sentinel's AUTH is a server's AUTH): none first, then each
 * password its container carries; the one accepted is remembered; a server that refuses them all is named with
 * every login's source and the options, never a password.
 */
@ExtendWith(LocalRedisExtension.class)
class SentinelLoginsTest {

    private static final String PASSWORD = "sentinel-logins-pw";
    private final RedisClient redis = ConnectionSettings.of(Duration.ofSeconds(5)).newClient();
    private final ConnectionSettings base = ConnectionSettings.of(Duration.ofSeconds(5));

    @AfterEach
    void shutdown() {
        redis.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }

    private static StackCredentials.Login login(String password, String source) {
        return new StackCredentials.Login(Optional.of(RedisCredentialsProvider.from(() -> RedisCredentials.just(null,
                password.toCharArray()))), source);
    }

    @Test
    void aServerWithAPasswordGetsItAfterNoneIsRefusedAndKeepsGettingItFirst(LocalRedis local) {
        RedisProcess server = local.startMaster(LocalServer.REDIS_7_0_15, "--requirepass", PASSWORD);
        SentinelLogins logins = new SentinelLogins(List.of(StackCredentials.Login.NONE,
                login("wrong", "Secret other key x"), login(PASSWORD, "Secret cache key redis-password")), "");
        assertThat(logins.describe()).isEqualTo("to be tried in turn: none, then Secret other key x, then Secret"
                + " cache key redis-password");

        try (var connection = logins.connect(redis, base, server.endpoint(), "cache-node-0")) {
            assertThat(connection.sync().ping()).isEqualTo("PONG");
        }
        assertThat(logins.describe()).isEqualTo("Secret cache key redis-password");
        try (var again = logins.connect(redis, base, server.endpoint(), "cache-node-1")) {
            assertThat(again.sync().ping()).isEqualTo("PONG");
        }
    }

    @Test
    void aServerWithoutAPasswordIsLoggedInToWithNone(LocalRedis local) {
        RedisProcess server = local.startMaster(LocalServer.REDIS_7_0_15);
        SentinelLogins logins = new SentinelLogins(List.of(StackCredentials.Login.NONE,
                login(PASSWORD, "Secret cache key redis-password")), "");

        try (var connection = logins.connect(redis, base, server.endpoint(), "cache-node-0")) {
            assertThat(connection.sync().ping()).isEqualTo("PONG");
        }
        assertThat(logins.describe()).isEqualTo("none");
    }

    @Test
    void aServerThatRefusesEveryLoginIsNamedWithWhereEachCameFrom(LocalRedis local) {
        RedisProcess server = local.startMaster(LocalServer.REDIS_7_0_15, "--requirepass", PASSWORD);
        SentinelLogins logins = new SentinelLogins(List.of(StackCredentials.Login.NONE,
                login("wrong", "Secret cache key redis-password")), "no Sentinel password of its own found (looked"
                + " at container sentinel in pod cache-node-0: ...)");

        assertThatThrownBy(() -> logins.connect(redis, base, server.endpoint(), "cache-node-0 in namespace cache"))
                .isInstanceOf(RedisConnectionException.class)
                .hasMessageStartingWith("Sentinel cache-node-0 in namespace cache refuses every login tried (password"
                        + " none: NOAUTH")
                .hasMessageContaining("; password Secret cache key redis-password: WRONGPASS")
                .hasMessageContaining("no Sentinel password of its own found (looked at container sentinel")
                .hasMessageEndingWith("(fix: --sentinel-password-secret NAME[:KEY] (redis.ha.sentinelPasswordSecret)"
                        + " or --sentinel-password-env VAR (redis.ha.sentinelPasswordEnv))")
                .hasMessageNotContaining(PASSWORD).hasMessageNotContaining("wrong)");
    }
}
