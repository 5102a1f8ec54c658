package io.github.redishajunit.localredis;

import io.github.redishajunit.AddressMap;
import io.github.redishajunit.Endpoint;
import java.util.List;
import java.util.Map;

/** An address map of fixed routes ({@code host:port} to an endpoint), as a stack's handle gives one, for tests. */
public record FixedAddressMap(Map<String, Endpoint> routes) implements AddressMap {

    public FixedAddressMap {
        routes = Map.copyOf(routes);
    }

    @Override
    public Endpoint map(String host, int port) {
        return routes.getOrDefault(host + ":" + port, new Endpoint(host, port));
    }

    @Override
    public List<Endpoint> sentinels() {
        return List.of();
    }
}
