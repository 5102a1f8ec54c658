package io.github.redishajunit;

import static io.github.redishajunit.assertions.RedisHAAssertions.assertExternalEndpointReachesMaster;
import static io.github.redishajunit.assertions.RedisHAAssertions.assertPropagates;
import static io.github.redishajunit.assertions.RedisHAAssertions.assertReplicasReadOnly;
import static io.github.redishajunit.assertions.RedisHAAssertions.assertReplicationUp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.redishajunit.localredis.LocalRedis.RedisTrio;
import io.github.redishajunit.localredis.LocalRedis;
import io.github.redishajunit.localredis.LocalRedisExtension;
import io.github.redishajunit.localredis.LocalServer;
import io.lettuce.core.RedisURI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@ExtendWith(LocalRedisExtension.class)
class RedisEndpointsTest {

    private static final String PASSWORD = "s3cr3t-Pa55w0rd";

    @Test
    void describesItsEndpointsAndNamesNodesByHostAndPort() {
        try (RedisEndpoints topology = RedisEndpoints.master("127.0.0.1", 16380)
                .replica("127.0.0.1", 16381)
                .replica(new Endpoint("::1", 16382))
                .externalEndpoint("192.168.1.81", 30903)
                .password(PASSWORD.toCharArray())
                .build()) {

            assertThat(topology.location()).isEqualTo("endpoints 127.0.0.1:16380");
            assertThat(topology.master().name()).isEqualTo("127.0.0.1:16380");
            assertThat(topology.master().role()).isEqualTo(RedisNode.Role.MASTER);
            assertThat(topology.replicas()).extracting(RedisNode::name).containsExactly("127.0.0.1:16381", "[::1]:16382");
            assertThat(topology.replicas()).extracting(RedisNode::hostAddress).containsExactly("127.0.0.1", "::1");
            assertThat(topology.externalEndpoint()).hasValue(new Endpoint("192.168.1.81", 30903));
            assertThat(topology.connectionSettings().credentials()).isPresent();
            assertThat(topology).hasToString("RedisEndpoints[endpoints 127.0.0.1:16380, master=127.0.0.1:16380,"
                    + " replicas=[127.0.0.1:16381, [::1]:16382], externalEndpoint=192.168.1.81:30903]");
        }
    }

    @Test
    void takesThePasswordOfTheMastersUri() {
        RedisURI uri = RedisURI.Builder.redis("127.0.0.1", 16380).withPassword(PASSWORD.toCharArray()).build();

        try (RedisEndpoints topology = RedisEndpoints.master(uri).location("namespace redis").build()) {
            assertThat(topology.connectionSettings().credentials()).isPresent();
            assertThat(topology.toString()).doesNotContain(PASSWORD).contains("namespace redis");
        }
    }

    @Test
    void withoutALogFileLogsSayHowToConfigureOne() {
        try (RedisEndpoints topology = RedisEndpoints.master("127.0.0.1", 16380).build()) {
            assertThatIllegalStateException().isThrownBy(() -> topology.master().logs())
                    .withMessage("no log source configured for endpoint 127.0.0.1:16380; set one with"
                            + " RedisEndpoints.Builder.logFile(127.0.0.1, 16380, <path of its logfile>)");
        }
    }

    @Test
    void refusesALogFileForAnUnknownEndpointAndDuplicateEndpoints() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RedisEndpoints.master("127.0.0.1", 16380).replica("127.0.0.1", 16381)
                        .logFile("127.0.0.1", 16399, Path.of("redis.log")).build())
                .withMessage("logFile was given for endpoint 127.0.0.1:16399, which is neither the master nor a"
                        + " replica; the endpoints are [127.0.0.1:16380, 127.0.0.1:16381]");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RedisEndpoints.master("127.0.0.1", 16380).replica("127.0.0.1", 16380).build())
                .withMessage("every endpoint must be given once but the endpoints are [127.0.0.1:16380, 127.0.0.1:16380]");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RedisEndpoints.master("127.0.0.1", 16380).commandTimeout(Duration.ZERO))
                .withMessage("commandTimeout must be positive but was PT0S");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(LocalServer.class)
    void connectsWithThePasswordAndNeverPrintsIt(LocalServer server, LocalRedis redis) {
        List<String> auth = List.of("--requirepass", PASSWORD, "--masterauth", PASSWORD);
        RedisTrio trio = redis.startTrio(server, auth, auth, topology -> topology.password(PASSWORD.toCharArray()));
        RedisEndpoints throughMaster = redis.topology(redis.endpoints(trio.master(), trio.replicas())
                .password(PASSWORD.toCharArray()).externalEndpoint(trio.master().endpoint()));
        RedisEndpoints throughReplica = redis.topology(redis.endpoints(trio.master(), trio.replicas())
                .password(PASSWORD.toCharArray()).externalEndpoint(trio.replica(0).endpoint()));
        RedisEndpoints withoutPassword = redis.topology(redis.endpoints(trio.master(), trio.replicas())
                .externalEndpoint(trio.master().endpoint()));

        assertReplicationUp(trio.topology(), Duration.ofSeconds(5));
        assertPropagates(trio.topology());
        assertReplicasReadOnly(trio.topology());
        assertThat(assertExternalEndpointReachesMaster(throughMaster).pong()).isEqualTo("PONG");
        assertThatThrownBy(() -> assertExternalEndpointReachesMaster(throughReplica))
                .hasMessageContaining("it reached a node with role:slave")
                .hasMessageNotContaining(PASSWORD);
        assertThatThrownBy(() -> assertExternalEndpointReachesMaster(withoutPassword))
                .hasMessageContaining("to answer PING with PONG through its external endpoint " + trio.master().endpoint())
                .hasMessageContaining("NOAUTH")
                .hasMessageNotContaining(PASSWORD);
        assertThat(trio.topology().toString()).doesNotContain(PASSWORD);
    }
}
