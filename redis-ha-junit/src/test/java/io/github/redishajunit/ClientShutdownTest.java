package io.github.redishajunit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.redishajunit.localredis.LocalRedis;
import io.github.redishajunit.localredis.LocalRedisExtension;
import io.github.redishajunit.localredis.LocalServer;
import io.github.redishajunit.localredis.RedisProcess;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisCredentialsProvider;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.EventExecutorGroup;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A Lettuce client shut down by {@link ClientShutdown}: its connections closed, then its event loops, which still take
 * what one hands another meanwhile; nothing logged (Netty's {@code RejectedExecutionException: event executor
 * terminated} on stderr read as a crash of the certify command).
 */
@ExtendWith(LocalRedisExtension.class)
class ClientShutdownTest {

    @RegisterExtension
    final StderrCapture stderr = new StderrCapture();

    private String logged() {
        return stderr.text();
    }

    @Test
    void aClientWithConnectionsOpenClosedAndRefusedShutsDownWithoutALogLine(LocalRedis local) {
        RedisProcess server = local.startMaster(LocalServer.REDIS_7_0_15, "--requirepass", "the-password");
        ConnectionSettings settings = ConnectionSettings.of(Duration.ofSeconds(5));
        RedisClient client = settings.newClient();
        ConnectionSettings wrong = settings.withCredentials(RedisCredentialsProvider.from(
                () -> RedisCredentials.just(null, "not-the-password".toCharArray())));
        ConnectionSettings right = settings.withCredentials(RedisCredentialsProvider.from(
                () -> RedisCredentials.just(null, "the-password".toCharArray())));

        StatefulRedisConnection<String, String> open = client.connect(right.uri(server.endpoint()));
        assertThat(open.sync().ping()).isEqualTo("PONG");
        open.async().set("left", "in flight");
        try (StatefulRedisConnection<String, String> closed = client.connect(right.uri(server.endpoint()))) {
            assertThat(closed.sync().ping()).isEqualTo("PONG");
        }
        assertThatThrownBy(() -> client.connect(wrong.uri(server.endpoint()))).isInstanceOf(RedisException.class);

        ClientShutdown.shutdown(client);

        assertThat(open.isOpen()).isFalse();
        assertThat(client.getResources().eventExecutorGroup().isTerminated()).isTrue();
        assertThat(logged()).doesNotContain("RejectedExecutionException", "event executor terminated", "WARN", "ERROR",
                "the-password");
    }

    @Test
    void aTaskOneExecutorHandsAnotherWhileTheClientShutsDownStillRuns() throws Exception {
        RedisClient client = ConnectionSettings.defaults().newClient();
        EventExecutorGroup executors = client.getResources().eventExecutorGroup();
        EventExecutor busy = executors.next();
        EventExecutor idle = executors.next();
        assertThat(idle).isNotSameAs(busy);
        CompletableFuture<String> handedOver = new CompletableFuture<>();
        CompletableFuture<Void> busyStarted = new CompletableFuture<>();
        busy.execute(() -> {
            busyStarted.complete(null);
            // a channel closing: its listener hands the next step to another executor a little later
            await(Duration.ofMillis(20));
            try {
                idle.execute(() -> handedOver.complete("ran"));
            } catch (RejectedExecutionException e) {
                handedOver.complete("rejected: " + e.getMessage());
            }
        });
        busyStarted.get(5, TimeUnit.SECONDS);

        ClientShutdown.shutdown(client);

        assertThat(handedOver.getNow("not handed over")).isEqualTo("ran");
        assertThat(executors.isTerminated()).isTrue();
    }

    private static void await(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
