package io.github.redishajunit.internal.pods;

import io.github.redishajunit.Endpoint;
import io.lettuce.core.api.StatefulConnection;
import java.util.function.Function;
import org.apiguardian.api.API;

/**
 * A Lettuce connection to a pod's port (a Redis or a Sentinel one), opened on first use and opened again when it was
 * closed or its port no longer reaches the pod (its port-forward died, the pod has a new address); closing it closes
 * the port-forward too.
 */
@API(status = API.Status.INTERNAL)
public final class PodConnection<C extends StatefulConnection<String, String>> implements AutoCloseable {

    private final PodPort port;
    private final Function<Endpoint, C> connect;
    private C connection;

    public PodConnection(PodPort port, Function<Endpoint, C> connect) {
        this.port = port;
        this.connect = connect;
    }

    public synchronized C get() {
        if (connection != null && (!connection.isOpen() || !port.open())) {
            connection.close();
            connection = null;
        }
        if (connection == null) {
            connection = connect.apply(port.endpoint());
        }
        return connection;
    }

    /** Closes the connection, keeping the port: the next {@link #get()} opens a new one (to log in anew). */
    public synchronized void reconnect() {
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }

    @Override
    public synchronized void close() {
        try {
            if (connection != null) {
                connection.close();
            }
        } finally {
            connection = null;
            port.close();
        }
    }
}
