package io.github.redishajunit.example;

import static io.github.redishajunit.assertions.RedisHAAssertions.assertExternalEndpointReachesMaster;
import static io.github.redishajunit.assertions.RedisHAAssertions.assertLogsClean;
import static io.github.redishajunit.assertions.RedisHAAssertions.assertPropagates;
import static io.github.redishajunit.assertions.RedisHAAssertions.assertReplicationUp;
import static io.github.redishajunit.assertions.RedisHAAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.redishajunit.Endpoint;
import io.github.redishajunit.HACluster;
import io.github.redishajunit.RedisHACluster;
import io.github.redishajunit.assertions.PropagationResult;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;

/**
 * The article's four-step runbook, written as a platform team would: one stack for the class, deployed from the
 * project's manifest into a fresh namespace, injected once it replicates, removed afterwards.
 */
class RunbookIT {

    @RedisHACluster
    static HACluster redis;

    @Test
    void step1_masterAndReplicasReportReplicationUp() {
        assertReplicationUp(redis);
    }

    @Test
    void step2_aWriteOnTheMasterIsReadOnEveryReplica() {
        PropagationResult result = assertPropagates(redis);

        assertThat(result.latencies()).hasSize(2);
    }

    @Test
    void step3_bootLogsAreClean() {
        assertLogsClean(redis);
    }

    @Test
    void step4_theNodePortAnswersPingAndReachesTheMaster() {
        assertExternalEndpointReachesMaster(redis);
    }

    @Test
    void theSameChecksReadFluently() {
        assertThat(redis).hasReplicationUp().propagatesWrites().hasCleanLogs().hasReadOnlyReplicas()
                .persistsItsData();
    }

    @Test
    void anApplicationConnectsThroughTheNodePort() {
        Endpoint nodePort = redis.nodePort();
        RedisClient client = RedisClient.create(RedisURI.create(nodePort.host(), nodePort.port()));
        try (StatefulRedisConnection<String, String> app = client.connect()) {
            app.sync().set("example:greeting", "Hello-Redis");
            app.sync().waitForReplication(2, 2_000);

            assertThat(redis.replica(0).connection().sync().get("example:greeting")).isEqualTo("Hello-Redis");
        } finally {
            client.shutdown();
        }
    }
}
