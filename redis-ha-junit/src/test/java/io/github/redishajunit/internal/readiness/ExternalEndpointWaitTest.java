package io.github.redishajunit.internal.readiness;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redishajunit.Endpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The wait for a NodePort that still refuses connections (kube-proxy's rules not written yet), over real sockets. */
class ExternalEndpointWaitTest {

    @Test
    void waitsWhileTheEndpointRefusesAndEndsWhenItAccepts() throws Exception {
        int port = freePort();
        // nothing listens for the wait's first polls: they are refused; the port opens 300 ms later
        CompletableFuture<ServerSocket> listening = CompletableFuture.supplyAsync(() -> {
            try {
                ServerSocket server = new ServerSocket();
                server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                return server;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS));
        try {
            assertThat(ReplicationReadiness.awaitAccepting(new Endpoint("127.0.0.1", port), Duration.ofSeconds(10)))
                    .isTrue();
            assertThat(listening).isDone();
        } finally {
            listening.join().close();
        }
    }

    @Test
    void anEndpointThatKeepsRefusingEndsTheWaitAtItsBoundWithoutFailing() throws Exception {
        int port = freePort();

        assertThat(ReplicationReadiness.awaitAccepting(new Endpoint("127.0.0.1", port), Duration.ofMillis(400)))
                .isFalse();
    }

    private static int freePort() throws Exception {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }
}
