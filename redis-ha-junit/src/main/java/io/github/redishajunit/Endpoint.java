package io.github.redishajunit;

import java.util.Optional;
import org.apiguardian.api.API;

/**
 * A host and port this JVM can connect to, and the name the server there answers to where that is not the host: a
 * pod's own DNS name behind a port-forward's local address, the name a TLS certificate is checked against.
 *
 * @param serverName the server's own name where it differs from {@code host}; empty otherwise
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public record Endpoint(String host, int port, Optional<String> serverName) {

    public Endpoint {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be within 1..65535 but was " + port);
        }
        if (serverName == null || serverName.filter(String::isBlank).isPresent()) {
            throw new IllegalArgumentException("serverName must be empty or a name but was " + serverName);
        }
    }

    public Endpoint(String host, int port) {
        this(host, port, Optional.empty());
    }

    /** This endpoint, reached at its host, for the server named {@code name}. */
    public Endpoint withServerName(String name) {
        return new Endpoint(host, port, Optional.of(name));
    }

    @Override
    public String toString() {
        return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
    }
}
