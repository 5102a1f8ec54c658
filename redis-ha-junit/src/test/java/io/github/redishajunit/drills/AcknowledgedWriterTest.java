package io.github.redishajunit.drills;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redishajunit.drills.AcknowledgedWriter.Outcome;
import io.github.redishajunit.drills.AcknowledgedWriter.Write;
import io.github.redishajunit.localredis.LocalRedis;
import io.github.redishajunit.localredis.LocalRedis.RedisTrio;
import io.github.redishajunit.localredis.LocalRedisExtension;
import io.github.redishajunit.localredis.LocalServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The drill's writer over a real server whose first answer is slow, as a port-forward's first connection is while
 * the API server reaches the pod (over 1.5 s on a loaded CI machine, which failed a drill before it began).
 */
@ExtendWith(LocalRedisExtension.class)
class AcknowledgedWriterTest {

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
