package io.github.redishajunit.localredis;

import io.github.redishajunit.Endpoint;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback listener that relays every connection it accepts to a target, as a port-forward does: the address a
 * client reaches a server at without being its address. Counts the connections it relayed; closing it closes them.
 */
public final class LoopbackRelay implements AutoCloseable {

    private final ServerSocket listener;
    private final Endpoint target;
    private final AtomicInteger accepted = new AtomicInteger();
    private final List<Socket> open = new CopyOnWriteArrayList<>();

    private LoopbackRelay(Endpoint target) throws IOException {
        this.target = target;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        daemon("relay-" + target.port(), this::accept);
    }

    /** A relay to {@code target}, listening at once. */
    public static LoopbackRelay to(Endpoint target) {
        try {
            return new LoopbackRelay(target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where the relay listens. */
    public Endpoint endpoint() {
        return new Endpoint("127.0.0.1", listener.getLocalPort());
    }

    /** How many connections it accepted. */
    public int accepted() {
        return accepted.get();
    }

    private void accept() {
        while (!listener.isClosed()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException closed) {
                return;
            }
            accepted.incrementAndGet();
            Socket server = new Socket();
            try {
                server.connect(new InetSocketAddress(target.host(), target.port()), 2_000);
            } catch (IOException refused) {
                // the client's connection is closed, as a port-forward to a pod that is gone closes it
                closeQuietly(client);
                continue;
            }
            open.add(client);
            open.add(server);
            pump(client, server);
            pump(server, client);
        }
    }

    private void pump(Socket from, Socket to) {
        daemon("relay-pump-" + target.port(), () -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException ended) {
                // either side closed
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        });
    }

    private static void daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException ignored) {
            // already closed
        }
        open.forEach(LoopbackRelay::closeQuietly);
    }
}
