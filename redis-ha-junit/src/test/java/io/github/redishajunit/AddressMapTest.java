package io.github.redishajunit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.redishajunit.localredis.FixedAddressMap;
import io.github.redishajunit.localredis.LocalRedis;
import io.github.redishajunit.localredis.LocalRedisExtension;
import io.github.redishajunit.localredis.LocalRedis.RedisTrio;
import io.github.redishajunit.localredis.LocalServer;
import io.github.redishajunit.localredis.LoopbackRelay;
import io.github.redishajunit.localredis.RedisProcess;
import io.github.redishajunit.localredis.TestCertificates;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.ReadFrom;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslVerifyMode;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.masterreplica.MasterReplica;
import io.lettuce.core.masterreplica.StatefulRedisMasterReplicaConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.sentinel.api.sync.RedisSentinelCommands;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * An application's own Lettuce client with {@link AddressMap#lettuceResolver()}: it connects to the name the stack
 * hands out and reaches the local endpoint the map gives, over real servers; with TLS the certificate is checked
 * against the name handed out, not the local address; with Sentinels it follows a failover through the map alone,
 * every server and Sentinel reached through a relay of its own (no Kubernetes needed).
 */
@ExtendWith(LocalRedisExtension.class)
class AddressMapTest {

    private static final String POD_NAME = "kv-0.kv-headless.shop.svc.cluster.local";

    @Test
    void aMappedNameReachesItsLocalEndpointAndOtherAddressesAreLeftAlone(LocalRedis redis) throws Exception {
        RedisProcess kv = redis.startMaster(LocalServer.REDIS_7_0_15);
        AddressMap addresses = new FixedAddressMap(Map.of(POD_NAME + ":6379", kv.endpoint()));

        assertThat(addresses.lettuceResolver().resolve(RedisURI.create("redis://elsewhere.example:6379")))
                .isEqualTo(InetSocketAddress.createUnresolved("elsewhere.example", 6379));
        ClientResources resources = ClientResources.builder().socketAddressResolver(addresses.lettuceResolver())
                .build();
        RedisClient client = RedisClient.create(resources);
        try (var connection = client.connect(RedisURI.create("redis://" + POD_NAME + ":6379"))) {
            assertThat(connection.sync().ping()).isEqualTo("PONG");
        } finally {
            client.shutdown();
            resources.shutdown();
        }
    }

    @Test
    void withTlsTheCertificateIsCheckedAgainstTheNameHandedOut(LocalRedis redis, @TempDir Path dir) {
        TestCertificates certs = TestCertificates.make(dir, POD_NAME);
        RedisProcess kv = redis.startTlsMaster(LocalServer.REDIS_7_0_15, certs);
        AddressMap addresses = new FixedAddressMap(Map.of(POD_NAME + ":6379", kv.endpoint()));
        ClientResources resources = ClientResources.builder().socketAddressResolver(addresses.lettuceResolver())
                .build();
        RedisClient client = RedisClient.create(resources);
        client.setOptions(ClientOptions.builder().sslOptions(certs.withClientCertificate().sslOptions()).build());
        try (var connection = client.connect(RedisURI.builder().withHost(POD_NAME).withPort(6379).withSsl(true)
                .withVerifyPeer(SslVerifyMode.FULL).build())) {
            assertThat(connection.sync().ping()).isEqualTo("PONG");
        } finally {
            client.shutdown();
            resources.shutdown();
        }
    }

    @Test
    void aSentinelClientFollowsAFailoverThroughTheMapAlone(LocalRedis redis) {
        RedisTrio trio = redis.startTrio(LocalServer.REDIS_7_0_15);
        RedisTopology topology = redis.withSentinels(trio, 3, Duration.ofSeconds(2));
        // every server and Sentinel reached only through a relay of its own, as pods are through port-forwards
        Map<String, LoopbackRelay> relays = new LinkedHashMap<>();
        List<Endpoint> addresses = new ArrayList<>();
        topology.nodes().forEach(node -> addresses.add(node.address()));
        topology.sentinels().forEach(sentinel -> addresses.add(sentinel.address()));
        addresses.forEach(address -> relays.put(address.host() + ":" + address.port(), LoopbackRelay.to(address)));
        Map<String, Endpoint> routes = new LinkedHashMap<>();
        relays.forEach((address, relay) -> routes.put(address, relay.endpoint()));
        AddressMap map = new FixedAddressMap(routes);

        RedisURI.Builder uri = RedisURI.builder().withSentinelMasterId("mymaster").withTimeout(Duration.ofSeconds(2));
        topology.sentinels().forEach(sentinel -> uri.withSentinel(sentinel.address().host(),
                sentinel.address().port()));
        ClientResources resources = ClientResources.builder().socketAddressResolver(map.lettuceResolver()).build();
        RedisClient client = RedisClient.create(resources);
        RedisSentinelCommands<String, String> sentinel = topology.sentinels().get(0).connection().sync();
        try (StatefulRedisMasterReplicaConnection<String, String> app = MasterReplica.connect(client,
                StringCodec.UTF8, uri.build())) {
            app.setReadFrom(ReadFrom.UPSTREAM);
            assertThat(app.sync().set("before", "1")).isEqualTo("OK");
            int oldMaster = masterPort(sentinel);

            assertThat(sentinel.failover("mymaster")).isEqualTo("OK");
            // until a write lands on the promoted master: one the old master took before it was demoted is lost
            AtomicInteger attempt = new AtomicInteger();
            await("the application's client to write to the promoted master").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
                        int master = masterPort(sentinel);
                        String value = String.valueOf(attempt.incrementAndGet());
                        return master != oldMaster && "OK".equals(app.sync().set("after", value)) && value.equals(
                                LocalRedis.get(topology.connectionSettings(), new Endpoint("127.0.0.1", master),
                                        "after"));
                    });

            int newMaster = masterPort(sentinel);
            assertThat(relays.get("127.0.0.1:" + newMaster).accepted()).as("connections relayed to the new master")
                    .isPositive();
            topology.sentinels().forEach(each -> assertThat(relays.get(each.address().host() + ":"
                    + each.address().port()).accepted()).as("connections relayed to %s", each.name()).isPositive());
        } finally {
            client.shutdown();
            resources.shutdown();
            relays.values().forEach(LoopbackRelay::close);
        }
    }

    private static int masterPort(RedisSentinelCommands<String, String> sentinel) {
        return ((InetSocketAddress) sentinel.getMasterAddrByName("mymaster")).getPort();
    }
}
