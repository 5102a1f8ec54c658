package io.github.redishajunit.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.redishajunit.AddressMap;
import io.github.redishajunit.Endpoint;
import io.github.redishajunit.HACluster;
import io.github.redishajunit.RedisHACluster;
import io.lettuce.core.ReadFrom;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.masterreplica.MasterReplica;
import io.lettuce.core.masterreplica.StatefulRedisMasterReplicaConnection;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * An application's own Sentinel-aware client (Lettuce's master/replica connection, configured with the Sentinels'
 * pod names as in production) attached to the Bitnami-shaped Sentinel fixture through {@link HACluster#addresses()}:
 * it finds the master through the Sentinels, and after the master's pod is deleted it writes to the master they
 * promote, through the same local endpoints. Run by {@link DrillFixturesIT} on a stack it already deployed.
 */
class ApplicationClientFixture {

    static final String PASSWORD = "fixture-sentinel-pw";

    @RedisHACluster(provision = false)
    static HACluster cluster;

    @Test
    void theApplicationsSentinelClientFollowsAFailoverThroughTheAddressMap() {
        AddressMap addresses = cluster.addresses();
        String oldMaster = cluster.master().name();
        String oldIp = cluster.master().hostAddress();
        String masterName = oldMaster + ".cache-headless." + cluster.namespace() + ".svc.cluster.local";
        Endpoint stable = addresses.map(masterName, 6379);
        assertThat(stable.host()).isEqualTo("127.0.0.1");
        assertThat(addresses.map(oldIp, 6379)).isEqualTo(stable);
        assertThat(addresses.map("cache-headless." + cluster.namespace() + ".svc", 6379))
                .as("a name for several pods is no one pod's").isEqualTo(new Endpoint("cache-headless."
                        + cluster.namespace() + ".svc", 6379));
        assertThat(addresses.sentinels()).hasSize(3).allSatisfy(sentinel -> assertThat(sentinel.host())
                .endsWith(".cache-headless." + cluster.namespace() + ".svc.cluster.local"));

        RedisURI.Builder uri = RedisURI.builder().withSentinelMasterId("mymaster").withPassword(PASSWORD.toCharArray())
                .withTimeout(Duration.ofSeconds(5));
        addresses.sentinels().forEach(sentinel -> uri.withSentinel(sentinel.host(), sentinel.port(), PASSWORD));
        ClientResources resources = ClientResources.builder().socketAddressResolver(addresses.lettuceResolver())
                .build();
        RedisClient client = RedisClient.create(resources);
        try (StatefulRedisMasterReplicaConnection<String, String> app = MasterReplica.connect(client,
                StringCodec.UTF8, uri.build())) {
            app.setReadFrom(ReadFrom.UPSTREAM);
            assertThat(app.sync().set("app:before", "1")).isEqualTo("OK");
            assertThat(cluster.master().connection().sync().get("app:before")).isEqualTo("1");

            cluster.client().pods().inNamespace(cluster.namespace()).withName(oldMaster).delete();
            await("the application's client to write to the master the Sentinels promote")
                    .atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .ignoreExceptions().until(() -> {
                        // the write after the failover is seen: a write the old master took may go with it
                        cluster.observeRoles();
                        return !cluster.master().name().equals(oldMaster)
                                && "OK".equals(app.sync().set("app:after", "1"));
                    });

            assertThat(cluster.master().connection().sync().get("app:after")).isEqualTo("1");
            assertThat(addresses.map(masterName, 6379)).as("the same local endpoint for the recreated pod")
                    .isEqualTo(stable);
        } finally {
            client.shutdown();
            resources.shutdown();
        }
    }
}
