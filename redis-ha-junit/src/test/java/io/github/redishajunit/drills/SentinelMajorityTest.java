package io.github.redishajunit.drills;

import static io.github.redishajunit.assertions.RedisHAAssertions.assertSentinelsAgree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.redishajunit.RedisSentinel;
import io.github.redishajunit.RedisTopology;
import io.github.redishajunit.localredis.LocalRedis;
import io.github.redishajunit.localredis.LocalRedisExtension;
import io.github.redishajunit.localredis.LocalServer;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.ListOfMapsOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The Sentinel majority drill's fault against three real Sentinels watching a local trio: with two of them paused
 * the one left refuses CKQUORUM once it flags them down, and once the pause ends every Sentinel counts a quorum
 * again and names the same master. Fewer than 3 Sentinels are refused with the reason.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(LocalServer.class)
@ExtendWith(LocalRedisExtension.class)
class SentinelMajorityTest {

    private static final Duration DOWN_AFTER = Duration.ofMillis(1000);
    private static final Duration LEARNING = Duration.ofSeconds(30);

    @Parameter
    LocalServer server;

    @Test
    void theSentinelLeftRefusesTheQuorumWhileTheMajorityIsPausedAndAllAgreeAfterwards(LocalRedis redis) {
        RedisTopology topology = redis.withSentinels(redis.startTrio(server), 3, DOWN_AFTER);
        assertSentinelsAgree(topology, LEARNING);
        SentinelMajority majority = SentinelMajority.of(topology.sentinels(), "endpoints x");
        assertThat(majority.paused()).hasSize(2);
        RedisSentinel left = majority.left().get(0);
        assertThat(SentinelMajority.ckquorum(left, "mymaster")).startsWith("OK 3 usable Sentinels");

        Duration pause = Duration.ofSeconds(6);
        majority.pause(pause, "endpoints x");

        // refused because of the pause: in the same look, the Sentinel left flags exactly the paused ones down
        List<String> paused = majority.paused().stream().map(sentinel -> sentinel.address().toString()).toList();
        await(left.name() + " refusing CKQUORUM with the paused majority flagged down").atMost(pause)
                .pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> {
                    assertThat(SentinelMajority.ckquorum(left, "mymaster")).startsWith("NOQUORUM 1 usable Sentinels");
                    assertThat(flaggedDown(left)).as("the Sentinels %s flags s_down", left.name())
                            .containsExactlyInAnyOrderElementsOf(paused);
                });

        await("every Sentinel counting a quorum again").atMost(LEARNING).pollInterval(Duration.ofMillis(200))
                .until(() -> topology.sentinels().stream()
                        .allMatch(sentinel -> SentinelMajority.ckquorum(sentinel, "mymaster").startsWith("OK")));
        assertThat(assertSentinelsAgree(topology, LEARNING).sentinels())
                .allSatisfy(view -> assertThat(view.master()).isEqualTo(topology.master().endpoint().toString()));
    }

    /** The other Sentinels {@code sentinel} flags subjectively down ({@code SENTINEL SENTINELS}), as host:port. */
    private static List<String> flaggedDown(RedisSentinel sentinel) {
        List<Map<String, String>> others = sentinel.connection().sync().dispatch(CommandType.SENTINEL,
                new ListOfMapsOutput<>(StringCodec.UTF8), new CommandArgs<>(StringCodec.UTF8).add("SENTINELS")
                        .add("mymaster"));
        return others.stream().filter(other -> other.getOrDefault("flags", "").contains("s_down"))
                .map(other -> other.get("ip") + ":" + other.get("port")).toList();
    }

    @Test
    void twoSentinelsAreTooFewToLoseAMajorityOf(LocalRedis redis) {
        RedisTopology topology = redis.withSentinels(redis.startTrio(server), 2, DOWN_AFTER);

        assertThatThrownBy(() -> SentinelMajority.of(topology.sentinels(), "endpoints x"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the Sentinel majority drill needs 3 or more Sentinels, but the stack in endpoints x has 2"
                        + " (a majority gone would leave none to ask)");
        assertThat(SentinelMajority.majorityOf(5)).isEqualTo(3);
    }
}
