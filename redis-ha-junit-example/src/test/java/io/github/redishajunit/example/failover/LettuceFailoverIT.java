package io.github.redishajunit.example.failover;

import io.github.redishajunit.AddressMap;
import io.github.redishajunit.HACluster;
import io.github.redishajunit.RedisHACluster;
import io.github.redishajunit.StackScope;
import io.github.redishajunit.drills.Workload;
import io.lettuce.core.ReadFrom;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.masterreplica.MasterReplica;
import io.lettuce.core.masterreplica.StatefulRedisMasterReplicaConnection;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * An application's Lettuce client, configured as in production (the Sentinels' names, master set {@code mymaster}),
 * across a failover: the drills write through it while the master's pod is deleted, and while the master hangs.
 * The stack is provisioned with Sentinels and shared by every {@code *FailoverIT} of the run: each drill starts from
 * a stack that replicates and whose Sentinels agree, whichever pod is the master by then.
 */
class LettuceFailoverIT extends FailoverDrills {

    @RedisHACluster(sentinel = true, scope = StackScope.RUN)
    static HACluster redis;

    static ClientResources resources;
    static RedisClient client;
    static StatefulRedisMasterReplicaConnection<String, String> app;

    @BeforeAll
    static void connectAsTheApplicationDoes() {
        AddressMap addresses = redis.addresses();
        RedisURI.Builder uri = RedisURI.builder().withSentinelMasterId(RedisHACluster.SENTINEL_MASTER_SET)
                .withTimeout(Duration.ofSeconds(2));
        addresses.sentinels().forEach(sentinel -> uri.withSentinel(sentinel.host(), sentinel.port()));
        // the one line a test adds: the addresses the Sentinels hand out, reached from this JVM
        resources = ClientResources.builder().socketAddressResolver(addresses.lettuceResolver()).build();
        client = RedisClient.create(resources);
        app = MasterReplica.connect(client, StringCodec.UTF8, uri.build());
        app.setReadFrom(ReadFrom.UPSTREAM);
    }

    @AfterAll
    static void disconnect() {
        app.close();
        client.shutdown();
        resources.shutdown();
    }

    @Override
    HACluster redis() {
        return redis;
    }

    @Override
    Workload workload() {
        return (key, value) -> app.sync().set(key, value);
    }
}
