package io.github.redishajunit.internal;

import io.github.redishajunit.Endpoint;
import io.lettuce.core.api.StatefulConnection;
import java.util.function.Function;

/**
 * A Lettuce connection through a pod's port-forward (a Redis or a Sentinel one), opened on first use and opened
 * again when it was closed or its port-forward died; closing it closes the port-forward too.
 */
final class PodConnection<C extends StatefulConnection<String, String>> implements AutoCloseable {

    private final PodPortForward portForward;
    private final Function<Endpoint, C> connect;
    private C connection;

    PodConnection(PodPortForward portForward, Function<Endpoint, C> connect) {
        this.portForward = portForward;
        this.connect = connect;
    }

    synchronized C get() {
        if (connection != null && (!connection.isOpen() || !portForward.open())) {
            connection.close();
            connection = null;
        }
        if (connection == null) {
            connection = connect.apply(portForward.endpoint());
        }
        return connection;
    }

    @Override
    public synchronized void close() {
        try {
            if (connection != null) {
                connection.close();
            }
        } finally {
            connection = null;
            portForward.close();
        }
    }
}
