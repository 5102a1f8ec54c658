package io.github.redishajunit.assertions;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redishajunit.ConnectionSettings;
import io.github.redishajunit.Endpoint;
import io.github.redishajunit.localredis.LocalRedis;
import io.github.redishajunit.localredis.LocalRedisExtension;
import io.github.redishajunit.localredis.LocalServer;
import io.github.redishajunit.localredis.RedisProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What a PING without a password gets: the server's reply, never a connection that failed on its way there. */
@ExtendWith(LocalRedisExtension.class)
class AuthCheckTest {

    @Test
    void aConnectionResetBeforeTheServerRepliedIsTriedAgainUntilTheServerAnswers(LocalRedis redis) throws IOException {
        RedisProcess master = redis.startMaster(LocalServer.REDIS_7_0_15, "--requirepass", "pw-never-sent");
        try (ResettingProxy proxy = new ResettingProxy(master.endpoint(), 2)) {
            String reply = AuthCheck.unauthenticatedPing(proxy.endpoint(), Duration.ofSeconds(5),
                    ConnectionSettings.defaults());

            assertThat(reply).startsWith("NOAUTH");
            assertThat(proxy.accepted()).isGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void anEndpointThatNeverAcceptsIsNamedAsAnsweringNothing() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }

        String reply = AuthCheck.unauthenticatedPing(new Endpoint("127.0.0.1", closed), Duration.ofSeconds(1),
                ConnectionSettings.defaults());

        assertThat(reply).startsWith("nothing within 1 s (").contains(":" + closed, "Connection refused")
                .doesNotStartWith("NOAUTH").isNotEqualTo("PONG");
    }

    /** Resets the first {@code resets} connections at once (as a NodePort may), then relays to {@code target}. */
    private static final class ResettingProxy implements AutoCloseable {

        private final ServerSocket server;
        private final AtomicInteger accepted = new AtomicInteger();

        ResettingProxy(Endpoint target, int resets) throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket client = server.accept();
                        if (accepted.incrementAndGet() <= resets) {
                            client.setSoLinger(true, 0);
                            client.close();
                            continue;
                        }
                        Socket upstream = new Socket(target.host(), target.port());
                        relay(client, upstream);
                        relay(upstream, client);
                    } catch (IOException closed) {
                        return;
                    }
                }
            }, "resetting-proxy");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        Endpoint endpoint() {
            return new Endpoint("127.0.0.1", server.getLocalPort());
        }

        int accepted() {
            return accepted.get();
        }

        private static void relay(Socket from, Socket to) {
            Thread copy = new Thread(() -> {
                try (from; to; InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                    in.transferTo(out);
                } catch (IOException ended) {
                    // either side closed
                }
            }, "resetting-proxy-relay");
            copy.setDaemon(true);
            copy.start();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
