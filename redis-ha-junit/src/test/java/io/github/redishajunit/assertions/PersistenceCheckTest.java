package io.github.redishajunit.assertions;

import static io.github.redishajunit.assertions.RedisHAAssertions.assertPersistent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.redishajunit.RedisEndpoints;
import io.github.redishajunit.localredis.LocalRedis;
import io.github.redishajunit.localredis.LocalRedis.RedisTrio;
import io.github.redishajunit.localredis.LocalRedisExtension;
import io.github.redishajunit.localredis.LocalServer;
import io.github.redishajunit.localredis.RedisProcess;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The persistence step against real servers: AOF on the master passes; no persistence, or a failed save, fails. */
@ParameterizedClass(name = "{0}")
@EnumSource(LocalServer.class)
@ExtendWith(LocalRedisExtension.class)
class PersistenceCheckTest {

    @Parameter
    LocalServer server;

    @Test
    void aMasterWithAppendOnlyPersistsItsData(LocalRedis redis) {
        RedisTrio trio = redis.startTrio(server, List.of("--appendonly", "yes"), List.of(), topology -> topology);

        PersistenceResult result = assertPersistent(trio.topology());

        assertThat(result.nodes()).hasSize(3);
        assertThat(result.nodes().get(0).aofEnabled()).isTrue();
        assertThat(result.nodes()).allSatisfy(node -> {
            assertThat(node.rdbLastBgsaveStatus()).isEqualTo("ok");
            assertThat(node.aofLastWriteStatus()).isEqualTo("ok");
        });
    }

    @Test
    void aMasterThatPersistsNothingFails(LocalRedis redis) {
        // the fixture's servers run with --save '' and no AOF
        RedisTrio trio = redis.startTrio(server);

        assertThatThrownBy(() -> assertPersistent(trio.topology()))
                .isInstanceOf(AssertionError.class)
                .hasMessage("\nExpecting Redis HA cluster in endpoints " + trio.master().endpoint() + "\n"
                        + "to have its 3 nodes persist their data (the master with AOF or RDB save points) and their"
                        + " last RDB save and AOF write succeed\n"
                        + "but " + trio.master().endpoint() + " persists nothing (aof_enabled:0, save \"\"): restarted,"
                        + " it comes back empty and its replicas resync to empty; a cache may choose that, a store"
                        + " needs appendonly yes or save points (e.g. save 3600 1) on a data volume");
    }

    @Test
    void aNodeWhoseLastSaveFailedFails(LocalRedis redis) {
        RedisProcess master = redis.startMaster(server, "--appendonly", "yes");
        RedisProcess unwritable = redis.startReplicaWithUnwritableDir(master);
        RedisEndpoints topology = redis.topology(redis.endpoints(master, List.of(unwritable)));
        var replica = topology.replicas().get(0);
        replica.connection().sync().bgsave();
        await("the BGSAVE of " + unwritable + " to fail")
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> replica.info("persistence").contains("rdb_last_bgsave_status:err"));

        assertThatThrownBy(() -> assertPersistent(topology))
                .isInstanceOf(AssertionError.class)
                .hasMessageEndingWith("but " + unwritable.endpoint()
                        + " rdb_last_bgsave_status:err (its last RDB save failed)");
    }
}
