package io.github.redishajunit;

import io.lettuce.core.RedisClient;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apiguardian.api.API;

/**
 * Shutting down a Lettuce client made by {@link ConnectionSettings#newClient()}, as every part of this library does.
 * Lettuce closes the client's connections first and waits until their channels have closed, then stops the client's
 * own event loops and executors. Each of them stops only once it has had no new task for a quiet period (0.1 s), so
 * that what one hands another while a channel closes (a close listener, a connection event) still runs. Without a quiet
 * period ({@code shutdown()}, or {@code shutdown(Duration.ZERO, ...)}) such a task is rejected, and Netty logs
 * {@code RejectedExecutionException: event executor terminated} with its stack trace.
 */
@API(status = API.Status.INTERNAL, since = "0.1.0")
public final class ClientShutdown {

    /**
     * How long a client's event loops must have been idle before they stop. Netty checks every 100 ms, so a shutdown
     * takes about 0.1 s whatever the period.
     */
    static final Duration QUIET_PERIOD = Duration.ofMillis(100);

    /** The longest a shutdown waits for the event loops, quiet period included. */
    static final Duration TIMEOUT = Duration.ofSeconds(3);

    private ClientShutdown() {
    }

    /** Closes the client's connections, then its event loops; returns once they have stopped. */
    public static void shutdown(RedisClient client) {
        client.shutdown(QUIET_PERIOD, TIMEOUT);
        // a TLS client has resources of its own (its address resolver), which the client does not stop
        client.getResources().shutdown(QUIET_PERIOD.toMillis(), TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .awaitUninterruptibly(TIMEOUT.toMillis());
    }
}
