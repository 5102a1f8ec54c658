package io.github.redishajunit.drills;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.redishajunit.ConnectionSettings;
import io.github.redishajunit.RedisEndpoints;
import io.github.redishajunit.RedisNode;
import io.github.redishajunit.localredis.LocalRedis;
import io.github.redishajunit.localredis.LocalRedisExtension;
import io.github.redishajunit.localredis.LocalServer;
import io.github.redishajunit.localredis.RedisProcess;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The restart-in-place drill's {@code SHUTDOWN NOSAVE} and the hung-master drill's {@code CLIENT PAUSE ALL} against
 * real servers, through the library's own connection options: for {@code SHUTDOWN} the connection dropping is the
 * success signal; the pause holds other clients' commands; a server that refuses either command fails the drill.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(LocalServer.class)
@ExtendWith(LocalRedisExtension.class)
class FaultTest {

    @Parameter
    LocalServer server;

    @Test
    void shutdownNoSaveStopsTheServerAndReturnsWhenItsConnectionDrops(LocalRedis redis) {
        RedisProcess master = redis.startMaster(server);
        RedisNode node = redis.topology(RedisEndpoints.master(master.endpoint())).master();
        assertThat(node.replication().isMaster()).isTrue();

        // returns, without an error, once the server closed the connection
        ServerCommands.shutdownNoSave(node, "endpoints " + master.endpoint());

        await("the server to exit").atMost(Duration.ofSeconds(10)).until(() -> !master.isAlive());
    }

    @Test
    void aServerThatRefusesShutdownFailsTheDrillNamingTheAnswer(LocalRedis redis) {
        RedisProcess master = redis.startMaster(server, "--rename-command", "SHUTDOWN", "");
        RedisNode node = redis.topology(RedisEndpoints.master(master.endpoint())).master();

        assertThatThrownBy(() -> ServerCommands.shutdownNoSave(node, "endpoints " + master.endpoint()))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expecting the Redis HA stack in endpoints " + master.endpoint() + " to restart"
                        + " the server of " + master.endpoint() + " in place after SHUTDOWN NOSAVE\nbut it answered ERR"
                        + " unknown command")
                .hasMessageEndingWith(" and kept running (the drill needs SHUTDOWN: not renamed away by"
                        + " rename-command, and allowed by the ACL of the user the drill connects as)");
        assertThat(master.isAlive()).isTrue();
    }

    @Test
    void clientPauseAllHoldsOtherClientsUntilTheStallEnds(LocalRedis redis) {
        RedisProcess master = redis.startMaster(server);
        RedisNode node = redis.topology(RedisEndpoints.master(master.endpoint())).master();
        assertThat(node.connection().sync().ping()).isEqualTo("PONG");

        ServerCommands.clientPauseAll(ConnectionSettings.defaults(), node, Duration.ofMillis(1500),
                "endpoints " + master.endpoint());
        long sent = System.nanoTime();
        String pong = node.connection().sync().ping();
        Duration waited = Duration.ofNanos(System.nanoTime() - sent);

        assertThat(pong).isEqualTo("PONG");
        assertThat(waited).as("how long a PING on the node's own connection waited for the paused server")
                .isBetween(Duration.ofSeconds(1), Duration.ofSeconds(5));
        assertThat(node.replication().isMaster()).isTrue();
        assertThat(master.isAlive()).isTrue();
    }

    @Test
    void aServerThatRefusesClientPauseFailsTheDrillNamingTheAnswer(LocalRedis redis) {
        RedisProcess master = redis.startMaster(server, "--rename-command", "CLIENT", "");
        RedisNode node = redis.topology(RedisEndpoints.master(master.endpoint())).master();

        assertThatThrownBy(() -> ServerCommands.clientPauseAll(ConnectionSettings.defaults(), node, Duration.ofSeconds(10),
                "endpoints " + master.endpoint()))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expecting the Redis HA stack in endpoints " + master.endpoint() + " to let"
                        + " the drill hang the server of " + master.endpoint() + " with CLIENT PAUSE 10000 ALL\nbut it"
                        + " answered ERR unknown command")
                .hasMessageEndingWith(" (the drill needs CLIENT PAUSE ... ALL: Redis 6.2 or later, CLIENT not renamed"
                        + " away by rename-command, and allowed by the ACL of the user the drill connects as)");
        // not paused: a command on another connection answers at once
        long sent = System.nanoTime();
        assertThat(node.connection().sync().ping()).isEqualTo("PONG");
        assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThan(Duration.ofSeconds(1));
    }
}
