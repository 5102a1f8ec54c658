package io.github.redishajunit;

import org.apiguardian.api.API;

/** A host and port this JVM can connect to. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public record Endpoint(String host, int port) {

    public Endpoint {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be within 1..65535 but was " + port);
        }
    }

    @Override
    public String toString() {
        return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
    }
}
