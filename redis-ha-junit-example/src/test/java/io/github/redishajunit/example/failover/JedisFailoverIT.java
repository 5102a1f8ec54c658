package io.github.redishajunit.example.failover;

import io.github.redishajunit.AddressMap;
import io.github.redishajunit.Endpoint;
import io.github.redishajunit.HACluster;
import io.github.redishajunit.RedisHACluster;
import io.github.redishajunit.StackScope;
import io.github.redishajunit.drills.Workload;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.HostAndPortMapper;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisSentinelPool;

/**
 * An application's Jedis {@code JedisSentinelPool}, configured as in production (the Sentinels' names, master set
 * {@code mymaster}), across a failover; the addresses the Sentinels hand out reach their pods through a {@link
 * HostAndPortMapper} on both client configurations. Shares the run's Sentinel stack with the other failover tests.
 */
class JedisFailoverIT extends FailoverDrills {

    @RedisHACluster(sentinel = true, scope = StackScope.RUN)
    static HACluster redis;

    static JedisSentinelPool pool;

    @BeforeAll
    static void connectAsTheApplicationDoes() {
        AddressMap addresses = redis.addresses();
        HostAndPortMapper mapped = given -> {
            Endpoint local = addresses.map(given.getHost(), given.getPort());
            return new HostAndPort(local.host(), local.port());
        };
        JedisClientConfig config = DefaultJedisClientConfig.builder().timeoutMillis(2_000).hostAndPortMapper(mapped)
                .build();
        Set<HostAndPort> sentinels = addresses.sentinels().stream()
                .map(sentinel -> new HostAndPort(sentinel.host(), sentinel.port())).collect(Collectors.toSet());
        pool = new JedisSentinelPool(RedisHACluster.SENTINEL_MASTER_SET, sentinels, config, config);
    }

    @AfterAll
    static void disconnect() {
        pool.close();
    }

    @Override
    HACluster redis() {
        return redis;
    }

    @Override
    Workload workload() {
        return (key, value) -> {
            try (Jedis jedis = pool.getResource()) {
                jedis.set(key, value);
            }
        };
    }
}
