package io.github.redishajunit.assertions;

import static io.github.redishajunit.assertions.RedisHAAssertions.assertSentinelsAgree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.redishajunit.RedisSentinel;
import io.github.redishajunit.RedisTopology;
import io.github.redishajunit.assertions.SentinelResult.SentinelView;
import io.github.redishajunit.localredis.LocalRedis;
import io.github.redishajunit.localredis.LocalRedis.RedisTrio;
import io.github.redishajunit.localredis.LocalRedisExtension;
import io.github.redishajunit.localredis.LocalServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Step 1b against three real Sentinels watching a local trio: they agree; a Sentinel that cannot reach a node it
 * knows (a frozen replica here; a recreated pod still at its old address in Kubernetes) fails the step with that
 * entry named, and the bounded form passes once the Sentinels reach it again.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(LocalServer.class)
@ExtendWith(LocalRedisExtension.class)
class SentinelCheckTest {

    private static final Duration DOWN_AFTER = Duration.ofMillis(1000);
    private static final Duration LEARNING = Duration.ofSeconds(30);

    @Parameter
    LocalServer server;

    @Test
    void sentinelsThatKnowEveryNodeAgree(LocalRedis redis) {
        RedisTopology topology = redis.withSentinels(redis.startTrio(server), 3, DOWN_AFTER);

        SentinelResult result = assertSentinelsAgree(topology, LEARNING);

        assertThat(result.masterName()).isEqualTo("mymaster");
        assertThat(result.sentinels()).hasSize(3).allSatisfy(view -> {
            assertThat(view.master()).isEqualTo(topology.master().endpoint().toString());
            assertThat(view.quorum()).startsWith("OK");
            assertThat(view.replicas()).isEqualTo(2);
            assertThat(view.otherSentinels()).isEqualTo(2);
        });
    }

    @Test
    void aSentinelThatCannotReachAReplicaFailsNamingTheEntryAndPassesOnceItReachesItAgain(LocalRedis redis) {
        RedisTrio trio = redis.startTrio(server);
        RedisTopology topology = redis.withSentinels(trio, 3, DOWN_AFTER);
        assertSentinelsAgree(topology, LEARNING);

        trio.replica(1).pause();
        RedisSentinel first = topology.sentinels().get(0);
        await(first.name() + " flagging " + trio.replica(1).endpoint() + " down").atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> first.connection().sync().replicas("mymaster").stream()
                        .filter(r -> r.get("port").equals(String.valueOf(trio.replica(1).port())))
                        .anyMatch(r -> r.get("flags").contains("s_down")));

        assertThatThrownBy(() -> assertSentinelsAgree(topology))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("to have its 3 Sentinels name its master " + trio.master().endpoint())
                .hasMessageContaining(first.describe() + " knows 1 replicas and 2 other Sentinels (not counted: replica "
                        + trio.replica(1).endpoint() + " flagged s_down,slave");

        trio.replica(1).resume();
        SentinelResult again = assertSentinelsAgree(topology, LEARNING);
        assertThat(again.sentinels()).extracting(SentinelView::replicas).containsOnly(2);
    }
}
