package io.github.redishajunit.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.redishajunit.AddressMap;
import io.github.redishajunit.Endpoint;
import io.github.redishajunit.HACluster;
import io.github.redishajunit.RedisHACluster;
import io.github.redishajunit.drills.DrillReport;
import io.github.redishajunit.drills.RedisHADrills;
import io.lettuce.core.ReadFrom;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.masterreplica.MasterReplica;
import io.lettuce.core.masterreplica.StatefulRedisMasterReplicaConnection;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * An application's own Sentinel-aware client (Lettuce's master/replica connection, configured with the Sentinels'
 * pod names as in production) attached to the Bitnami-shaped Sentinel fixture through {@link HACluster#addresses()}:
 * it finds the master through the Sentinels, and the master-pod-delete drill, run with the client's writes as its
 * workload, counts what the application saw and lost while it follows the Sentinels to the master they promote,
 * through the same local endpoints. Run by {@link DrillFixturesIT} on a stack it already deployed.
 */
class ApplicationClientFixture {

    static final String PASSWORD = "fixture-sentinel-pw";

    @RedisHACluster(provision = false)
    static HACluster cluster;

    @Test
    void aClientWithoutTheMapIsToldWhatToAddBeforeAnyDisruption() {
        RedisURI.Builder uri = RedisURI.builder().withSentinelMasterId("mymaster").withPassword(PASSWORD.toCharArray())
                .withTimeout(Duration.ofSeconds(2));
        cluster.addresses().sentinels().forEach(sentinel -> uri.withSentinel(sentinel.host(), sentinel.port(),
                PASSWORD));
        RedisClient client = RedisClient.create();
        AtomicReference<StatefulRedisConnection<String, String>> app = new AtomicReference<>();
        String before = cluster.master().name();
        try {
            // connects on its first write, as a lazily connecting client (Spring's connection factory) does
            assertThatThrownBy(() -> RedisHADrills.on(cluster).preloadedKeys(0).workload((key, value) -> {
                if (app.get() == null) {
                    app.set(client.connect(uri.build()));
                }
                app.get().sync().set(key, value);
            }).masterPodDeleted()).isInstanceOf(AssertionError.class)
                    .hasMessageContaining("writes were acknowledged through the application's workload")
                    .hasMessageContaining(".cache-headless." + cluster.namespace() + ".svc.cluster.local:26379, an"
                            + " address the stack hands out that this JVM reaches only through cluster.addresses():"
                            + " install it in the client (Lettuce:")
                    .message().doesNotContain(PASSWORD);
            cluster.observeRoles();
            assertThat(cluster.master().name()).as("nothing was disrupted").isEqualTo(before);
        } finally {
            client.shutdown();
        }
    }

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

            DrillReport report = RedisHADrills.on(cluster).preloadedKeys(100)
                    .workload((key, value) -> app.sync().set(key, value)).masterPodDeleted();
            System.out.println(report.summary());

            assertThat(report.acknowledgedLost()).isZero();
            assertThat(report.summary()).contains("writes through the application's workload");
            // the application's writes failed while the master was gone, and succeeded again afterwards
            assertThat(report.writes().failed() + report.writes().unconfirmed()).isPositive();
            assertThat(app.sync().set("app:after", "1")).isEqualTo("OK");
            cluster.observeRoles();
            assertThat(cluster.master().connection().sync().get("app:after")).isEqualTo("1");
            assertThat(addresses.map(masterName, 6379)).as("the same local endpoint for the recreated pod")
                    .isEqualTo(stable);
            assertThat(addresses.map(oldIp, 6379)).as("the recreated pod's former IP").isEqualTo(stable);
        } finally {
            client.shutdown();
            resources.shutdown();
        }
    }
}
