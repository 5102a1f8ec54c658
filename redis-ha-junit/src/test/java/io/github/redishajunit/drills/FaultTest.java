package io.github.redishajunit.drills;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

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
 * The restart-in-place drill's {@code SHUTDOWN NOSAVE} against real servers, through the library's own connection
 * options: the connection dropping is the success signal, and a server that refuses the command fails the drill.
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
        Fault.shutdownNoSave(node, "endpoints " + master.endpoint());

        await("the server to exit").atMost(Duration.ofSeconds(10)).until(() -> !master.isAlive());
    }

    @Test
    void aServerThatRefusesShutdownFailsTheDrillNamingTheAnswer(LocalRedis redis) {
        RedisProcess master = redis.startMaster(server, "--rename-command", "SHUTDOWN", "");
        RedisNode node = redis.topology(RedisEndpoints.master(master.endpoint())).master();

        assertThatThrownBy(() -> Fault.shutdownNoSave(node, "endpoints " + master.endpoint()))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expecting the Redis HA stack in endpoints " + master.endpoint() + " to restart"
                        + " the server of " + master.endpoint() + " in place after SHUTDOWN NOSAVE\nbut it answered ERR"
                        + " unknown command")
                .hasMessageEndingWith(" and kept running (the drill needs SHUTDOWN: not renamed away by"
                        + " rename-command, and allowed by the ACL of the user the drill connects as)");
        assertThat(master.isAlive()).isTrue();
    }
}
