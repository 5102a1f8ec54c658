package io.github.redishajunit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redishajunit.localredis.LocalRedis;
import io.github.redishajunit.localredis.LocalRedisExtension;
import io.github.redishajunit.localredis.LocalServer;
import io.github.redishajunit.localredis.RedisProcess;
import io.github.redishajunit.localredis.TestCertificates;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslVerifyMode;
import io.lettuce.core.resource.ClientResources;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * An application's own Lettuce client with {@link AddressMap#lettuceResolver()}: it connects to the name the stack
 * hands out and reaches the local endpoint the map gives, over real servers; with TLS the certificate is checked
 * against the name handed out, not the local address.
 */
@ExtendWith(LocalRedisExtension.class)
class AddressMapTest {

    private static final String POD_NAME = "kv-0.kv-headless.shop.svc.cluster.local";

    @Test
    void aMappedNameReachesItsLocalEndpointAndOtherAddressesAreLeftAlone(LocalRedis redis) throws Exception {
        RedisProcess kv = redis.startMaster(LocalServer.REDIS_7_0_15);
        AddressMap addresses = mapping(Map.of(POD_NAME + ":6379", kv.endpoint()));

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
        AddressMap addresses = mapping(Map.of(POD_NAME + ":6379", kv.endpoint()));
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

    /** A map of {@code host:port} to endpoints, as a stack's handle gives one. */
    private static AddressMap mapping(Map<String, Endpoint> routes) {
        return new AddressMap() {
            @Override
            public Endpoint map(String host, int port) {
                return routes.getOrDefault(host + ":" + port, new Endpoint(host, port));
            }

            @Override
            public List<Endpoint> sentinels() {
                return List.of();
            }
        };
    }
}
