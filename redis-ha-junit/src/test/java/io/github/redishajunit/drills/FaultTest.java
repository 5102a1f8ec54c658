package io.github.redishajunit.drills;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.redishajunit.ClientShutdown;
import io.github.redishajunit.ConnectionSettings;
import io.github.redishajunit.RedisEndpoints;
import io.github.redishajunit.RedisNode;
import io.github.redishajunit.localredis.LocalRedis;
import io.github.redishajunit.localredis.LocalRedisExtension;
import io.github.redishajunit.localredis.LocalServer;
import io.github.redishajunit.localredis.RedisProcess;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.api.StatefulRedisConnection;
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
        // another client, connected before the stall (connecting sends HELLO, which the pause would hold too), whose
        // command timeout is a sixth of the stall: held by the paused server, its PING times out
        ConnectionSettings impatient = ConnectionSettings.of(Duration.ofMillis(500));
        RedisClient client = impatient.newClient();
        try (StatefulRedisConnection<String, String> other = client.connect(impatient.uri(master.endpoint()))) {
            assertThat(other.sync().ping()).isEqualTo("PONG");

            ServerCommands.clientPauseAll(ConnectionSettings.defaults(), node, Duration.ofSeconds(3),
                    "endpoints " + master.endpoint());

            assertThatThrownBy(() -> other.sync().ping()).as("a PING while the server is paused")
                    .isInstanceOf(RedisCommandTimeoutException.class)
                    .hasMessage("Command timed out after 500 millisecond(s)");
        } finally {
            ClientShutdown.shutdown(client);
        }

        // the stall ends by itself: the node's own connection (10 s timeout) gets its answer, from the same master
        await("the stall to end").atMost(Duration.ofSeconds(30))
                .until(() -> "PONG".equals(node.connection().sync().ping()));
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
        // not paused: the server ran no CLIENT command at all (had it paused for the 10 s asked, this INFO on the
        // node's connection, 10 s timeout, would list CLIENT PAUSE or time out)
        assertThat(node.info("commandstats")).as("INFO commandstats").startsWith("# Commandstats")
                .doesNotContain("cmdstat_client");
        assertThat(node.connection().sync().ping()).isEqualTo("PONG");
    }
}
