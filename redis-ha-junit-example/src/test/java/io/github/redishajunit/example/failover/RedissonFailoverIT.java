package io.github.redishajunit.example.failover;

import io.github.redishajunit.AddressMap;
import io.github.redishajunit.Endpoint;
import io.github.redishajunit.HACluster;
import io.github.redishajunit.RedisHACluster;
import io.github.redishajunit.StackScope;
import io.github.redishajunit.drills.Workload;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;
import org.redisson.config.SentinelServersConfig;
import org.redisson.misc.RedisURI;

/**
 * An application's Redisson client in Sentinel mode, configured as in production (the Sentinels' names, master set
 * {@code mymaster}), across a failover; the addresses the Sentinels hand out reach their pods through a {@code
 * NatMapper}. Shares the run's Sentinel stack with the other failover tests.
 */
class RedissonFailoverIT extends FailoverDrills {

    @RedisHACluster(sentinel = true, scope = StackScope.RUN)
    static HACluster redis;

    static RedissonClient app;

    @BeforeAll
    static void connectAsTheApplicationDoes() {
        AddressMap addresses = redis.addresses();
        Config config = new Config();
        SentinelServersConfig sentinel = config.useSentinelServers().setMasterName(RedisHACluster.SENTINEL_MASTER_SET)
                .setTimeout(2_000).setRetryAttempts(0).setCheckSentinelsList(false)
                .setNatMapper(uri -> {
                    Endpoint local = addresses.map(uri.getHost(), uri.getPort());
                    return new RedisURI(uri.getScheme(), local.host(), local.port());
                });
        addresses.sentinels().forEach(each -> sentinel.addSentinelAddress("redis://" + each.host() + ":"
                + each.port()));
        app = Redisson.create(config);
    }

    @AfterAll
    static void disconnect() {
        app.shutdown();
    }

    @Override
    HACluster redis() {
        return redis;
    }

    @Override
    Workload workload() {
        return (key, value) ->
                app.getBucket(key, StringCodec.INSTANCE).set(value);
    }
}
