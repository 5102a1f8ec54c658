package io.github.redishajunit.drills;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redishajunit.AddressMap;
import io.github.redishajunit.Endpoint;
import io.github.redishajunit.localredis.FixedAddressMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a failed write of a client configured without the address map is told to add. */
class UnmappedAddressesTest {

    private static final AddressMap PODS = new FixedAddressMap(Map.of(
            "kv-0.kv-headless.shop.svc.cluster.local:6379", new Endpoint("127.0.0.1", 40001),
            "10.214.0.7:6379", new Endpoint("127.0.0.1", 40001)));

    @Test
    void aClientThatConnectsToAPodsAddressIsToldToInstallTheMap() {
        String lettuce = "RedisConnectionFailureException: Unable to connect to Redis; caused by"
                + " RedisConnectionException: Unable to connect to kv-0.kv-headless.shop.svc.cluster.local/<unresolved>:6379";
        String byIp = "JedisConnectionException: Failed to connect to 10.214.0.7:6379";

        assertThat(UnmappedAddresses.hint(PODS, lettuce)).startsWith("; the application's client connects to"
                + " kv-0.kv-headless.shop.svc.cluster.local:6379, an address the stack hands out")
                .contains("socketAddressResolver(addresses.lettuceResolver())", "HostAndPortMapper", "NatMapper",
                        "ClientResourcesBuilderCustomizer");
        assertThat(UnmappedAddresses.hint(PODS, byIp)).contains("connects to 10.214.0.7:6379,");
    }

    @Test
    void otherFailuresGetNoHint() {
        assertThat(UnmappedAddresses.hint(PODS, "RedisCommandExecutionException: READONLY You can't write against a"
                + " read only replica.")).isEmpty();
        assertThat(UnmappedAddresses.hint(PODS, "Unable to connect to 127.0.0.1/<unresolved>:40001")).isEmpty();
        assertThat(UnmappedAddresses.hint(PODS, null)).isEmpty();
    }
}
