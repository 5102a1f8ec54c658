package io.github.redishajunit.drills;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.redishajunit.RedisEndpoints;
import io.github.redishajunit.RedisNode;
import io.github.redishajunit.localredis.LocalRedis;
import io.github.redishajunit.localredis.LocalRedis.RedisTrio;
import io.github.redishajunit.localredis.LocalRedisExtension;
import io.github.redishajunit.localredis.LocalServer;
import io.github.redishajunit.localredis.RedisProcess;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The isolated-master drill's isolation against real servers: the replicas lose their link and cannot reconnect, a
 * new client is refused, the client already connected keeps writing (or is refused with NOREPLICAS under {@code
 * min-replicas-to-write 1}), and closing it heals the master so that the replicas link again. The split-brain
 * sampler counts the time two servers answer role:master at once.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(LocalServer.class)
@ExtendWith(LocalRedisExtension.class)
class IsolationTest {

    private static final Duration BOUND = Duration.ofSeconds(15);

    @Parameter
    LocalServer server;

    @Test
    void theIsolatedMasterKeepsItsClientsButNotItsReplicasUntilHealed(LocalRedis redis) {
        RedisTrio trio = redis.startTrio(server);
        RedisNode master = trio.topology().master();
        RedisClient client = trio.topology().connectionSettings().newClient();
        try (StatefulRedisConnection<String, String> writer = client.connect(
                trio.topology().connectionSettings().uri(master.endpoint()))) {
            Isolation isolation = Isolation.prepare(trio.topology().connectionSettings(), master, "endpoints x");
            assertThat(isolation.begin()).isEqualTo("2 replica links, 0 Sentinel connections");

            await("the replicas to lose their link").atMost(BOUND).until(() -> trio.topology().replicas().stream()
                    .allMatch(replica -> replica.info("replication").contains("master_link_status:down")));
            assertThat(writer.sync().set("isolated", "1")).isEqualTo("OK");
            assertThat(writer.sync().waitForReplication(2, 200)).isZero();
            assertThatThrownBy(() -> client.connect(trio.topology().connectionSettings().uri(master.endpoint()))
                    .sync().ping()).isInstanceOf(RedisException.class);

            isolation.close();
            redis.awaitReplication(trio.topology());
            assertThat(trio.replicaNode(0).connection().sync().get("isolated")).isEqualTo("1");
        } finally {
            client.shutdown();
        }
    }

    @Test
    void underMinReplicasToWriteTheIsolatedMasterRefusesWritesAtOnce(LocalRedis redis) {
        RedisTrio trio = redis.startTrio(server, List.of("--min-replicas-to-write", "1", "--min-replicas-max-lag",
                "10"), List.of(), UnaryOperator.identity());
        RedisNode master = trio.topology().master();
        assertThat(MinReplicas.of(master)).isEqualTo(new MinReplicas(Optional.of(1), Optional.of(10)));
        try (Isolation isolation = Isolation.prepare(trio.topology().connectionSettings(), master, "endpoints x")) {
            isolation.begin();
            assertThatThrownBy(() -> master.connection().sync().set("refused", "1"))
                    .hasMessageContaining("NOREPLICAS");
        }
        redis.awaitReplication(trio.topology());
    }

    @Test
    void aServerThatRefusesConfigFailsTheDrillNamingTheAnswer(LocalRedis redis) {
        RedisProcess master = redis.startMaster(server, "--rename-command", "CONFIG", "");
        RedisNode node = redis.topology(RedisEndpoints.master(master.endpoint())).master();

        assertThatThrownBy(() -> Isolation.prepare(redis.topology(RedisEndpoints.master(master.endpoint()))
                .connectionSettings(), node, "endpoints " + master.endpoint()))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expecting the Redis HA stack in endpoints " + master.endpoint() + " to let"
                        + " the drill isolate the server of " + master.endpoint() + " from its replicas and Sentinels"
                        + " with CONFIG GET maxclients\nbut it answered ERR unknown command")
                .hasMessageEndingWith("(the drill needs CONFIG and CLIENT: not renamed away by rename-command, and"
                        + " allowed by the ACL of the user the drill connects as)");
    }

    @Test
    void theSamplerCountsTwoMastersAtOnceAsSplitBrain(LocalRedis redis) {
        RedisTrio trio = redis.startTrio(server);
        RedisNode replica = trio.replicaNode(0);
        try (RoleSampler sampler = RoleSampler.start(List.of(trio.topology().master(), replica, trio.replicaNode(1)))) {
            await().during(Duration.ofMillis(600)).atMost(BOUND).until(() -> sampler.splitBrain().isZero());
            replica.connection().sync().replicaofNoOne();
            await("split brain counted").atMost(BOUND).until(() -> sampler.splitBrain()
                    .compareTo(Duration.ofMillis(500)) >= 0);
            assertThat(sampler.splitBetween()).contains(trio.topology().master().name(), replica.name());
            // the replica became master while sampled; the master was one from the start, the other replica never
            assertThat(sampler.promotedAt(replica.name())).isPresent();
            assertThat(sampler.promotedAt(trio.topology().master().name())).isEmpty();
            assertThat(sampler.promotedAt(trio.replicaNode(1).name())).isEmpty();
        }
    }
}
