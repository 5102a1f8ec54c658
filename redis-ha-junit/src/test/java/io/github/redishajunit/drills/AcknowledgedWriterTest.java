package io.github.redishajunit.drills;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.redishajunit.RedisNode;
import io.github.redishajunit.drills.AcknowledgedWriter.Outcome;
import io.github.redishajunit.drills.AcknowledgedWriter.Write;
import io.github.redishajunit.localredis.LocalRedis;
import io.github.redishajunit.localredis.LocalRedis.RedisTrio;
import io.github.redishajunit.localredis.LocalRedisExtension;
import io.github.redishajunit.localredis.LocalServer;
import io.lettuce.core.RedisCommandTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The drill's writer over a real server: an application's own workload counted as it saw its writes, and a server
 * whose first answer is slow, as a port-forward's first connection is while the API server reaches the pod (over
 * 1.5 s on a loaded CI machine, which failed a drill before it began).
 */
@ExtendWith(LocalRedisExtension.class)
class AcknowledgedWriterTest {

    @Test
    void theApplicationsWorkloadCountsWhatItSawAndWhatItThrewNeverEndsTheWriter(LocalRedis redis) {
        RedisTrio trio = redis.startTrio(LocalServer.REDIS_7_0_15);
        RedisNode master = trio.topology().master();
        AtomicInteger calls = new AtomicInteger();
        Workload application = (key, value) -> {
            switch (calls.getAndIncrement() % 3) {
                case 1 -> throw new RedisCommandTimeoutException("Command timed out after 1 second(s)");
                case 2 -> throw new AssertionError("redis://app:s3cret@kv-0.kv:6379 refused the write");
                default -> master.connection().sync().set(key, value);
            }
        };
        try (AcknowledgedWriter writer = new AcknowledgedWriter(() -> master, trio.topology().connectionSettings(), 2,
                "app:", application)) {
            writer.start(200);
            await("nine writes").atMost(Duration.ofSeconds(10)).until(() -> writer.writes().size() >= 9);
            List<Write> writes = writer.stop();

            assertThat(writes).extracting(Write::outcome).startsWith(Outcome.ACKNOWLEDGED, Outcome.UNCONFIRMED,
                    Outcome.FAILED, Outcome.ACKNOWLEDGED, Outcome.UNCONFIRMED, Outcome.FAILED);
            assertThat(master.connection().sync().get(writes.get(0).key())).isEqualTo("0");
            assertThat(writes.get(1).error()).isEqualTo("RedisCommandTimeoutException: Command timed out after 1"
                    + " second(s)");
            assertThat(writes.get(2).error()).isEqualTo("AssertionError: redis://***@kv-0.kv:6379 refused the write")
                    .doesNotContain("s3cret");
        }
    }

    @Test
    void thePreloadWaitsForASlowHandshakeOnAHealthyStack(LocalRedis redis) {
        RedisTrio trio = redis.startTrio(LocalServer.REDIS_7_0_15);
        // stopped, the server still accepts the connection (the kernel does) but answers nothing until resumed
        trio.master().pause();
        CompletableFuture<Void> resumed = CompletableFuture.runAsync(trio.master()::resume,
                CompletableFuture.delayedExecutor(3, TimeUnit.SECONDS));
        try (AcknowledgedWriter writer = new AcknowledgedWriter(() -> trio.topology().master(),
                trio.topology().connectionSettings(), 2, "slow:")) {
            List<Write> preloaded = writer.preload(10, Duration.ofSeconds(10));

            assertThat(resumed).isDone();
            assertThat(preloaded).hasSize(10).extracting(Write::outcome).containsOnly(Outcome.ACKNOWLEDGED);
        } finally {
            resumed.join();
        }
    }
}
