package io.github.redishajunit.localredis;

import io.github.redishajunit.ConnectionSettings;
import io.github.redishajunit.Endpoint;
import io.github.redishajunit.RedisEndpoints;
import io.github.redishajunit.RedisNode;
import io.github.redishajunit.RedisSentinel;
import io.github.redishajunit.RedisTopology;
import java.util.List;
import java.util.Optional;

/** A local trio's topology with the Sentinels that watch it. */
record SentinelTopology(RedisEndpoints servers, List<RedisSentinel> sentinels) implements RedisTopology {

    SentinelTopology {
        sentinels = List.copyOf(sentinels);
    }

    @Override
    public String location() {
        return servers.location();
    }

    @Override
    public RedisNode master() {
        return servers.master();
    }

    @Override
    public List<RedisNode> replicas() {
        return servers.replicas();
    }

    @Override
    public Optional<Endpoint> externalEndpoint() {
        return servers.externalEndpoint();
    }

    @Override
    public ConnectionSettings connectionSettings() {
        return servers.connectionSettings();
    }
}
