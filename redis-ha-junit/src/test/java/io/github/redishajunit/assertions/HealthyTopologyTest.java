package io.github.redishajunit.assertions;

import static io.github.redishajunit.assertions.RedisHAAssertions.assertExternalEndpointReachesMaster;
import static io.github.redishajunit.assertions.RedisHAAssertions.assertLogsClean;
import static io.github.redishajunit.assertions.RedisHAAssertions.assertPropagates;
import static io.github.redishajunit.assertions.RedisHAAssertions.assertReplicasAcknowledgeWrites;
import static io.github.redishajunit.assertions.RedisHAAssertions.assertReplicasReadOnly;
import static io.github.redishajunit.assertions.RedisHAAssertions.assertReplicationUp;
import static io.github.redishajunit.assertions.RedisHAAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.redishajunit.Endpoint;
import io.github.redishajunit.RedisEndpoints;
import io.github.redishajunit.ReplicationInfo;
import io.github.redishajunit.localredis.LocalRedis.RedisTrio;
import io.github.redishajunit.localredis.LocalRedis;
import io.github.redishajunit.localredis.LocalRedisExtension;
import io.github.redishajunit.localredis.LocalServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every runbook step against one healthy local trio (a master and two replicas) per server version, shared by that
 * version's cases.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(LocalServer.class)
@ExtendWith(LocalRedisExtension.class)
class HealthyTopologyTest {

    /** The kernel setting a container cannot change; the warning is allowed here, as in Kubernetes. */
    private static final LogRules RULES = LogRules.defaults().allow(LogRules.MEMORY_OVERCOMMIT_WARNING);

    @Parameter
    LocalServer server;

    private static LocalRedis redis;
    private static RedisTrio trio;
    private static RedisEndpoints topology;

    @BeforeParameterizedClassInvocation
    static void startTrio(LocalServer server, LocalRedis localRedis) {
        redis = localRedis;
        trio = redis.startTrio(server);
        topology = trio.topology();
    }

    @Test
    void replicationIsUp() {
        ReplicationStatus status = assertReplicationUp(topology, Duration.ofSeconds(5));

        assertThat(status.location()).isEqualTo("endpoints " + trio.master().endpoint());
        assertThat(status.master().role()).hasValue("master");
        assertThat(status.master().listedReplicas()).extracting(ReplicationInfo.ListedReplica::address)
                .containsExactlyInAnyOrder(trio.replica(0).endpoint(), trio.replica(1).endpoint());
        assertThat(status.replicas()).allSatisfy(replica -> {
            assertThat(replica.linkUp()).isTrue();
            assertThat(replica.announcedAs()).isEqualTo(replica.endpoint());
            assertThat(replica.master()).hasValue(trio.master().endpoint().toString());
            assertThat(replica.replid()).isEqualTo(status.master().replid());
            assertThat(replica.processedOffset().orElseThrow()).isGreaterThanOrEqualTo(status.masterOffsetSnapshot());
        });
    }

    @Test
    void theUnboundedFormIsMeantToBeWrappedInAwaitility() {
        await("replication").atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertReplicationUp(topology));
    }

    @Test
    void writesPropagateToEveryReplicaAndTheKeyIsDeletedAfterwards() {
        PropagationResult result = assertPropagates(topology, "runbook:mytest", "Hello-Redis", Duration.ofSeconds(5));

        assertThat(result.key()).isEqualTo("runbook:mytest");
        assertThat(result.latencies()).extracting(PropagationResult.ReplicaLatency::endpoint)
                .containsExactlyInAnyOrder(trio.replica(0).endpoint(), trio.replica(1).endpoint());
        assertThat(result.maxLatency()).isLessThan(Duration.ofSeconds(5));
        assertThat(topology.master().connection().sync().exists("runbook:mytest")).isZero();
    }

    @Test
    void writesPropagateWithAGeneratedKey() {
        PropagationResult result = assertPropagates(topology);

        assertThat(result.key()).startsWith("redis-ha-junit:propagation:");
        assertThat(result.timeout()).isEqualTo(RedisHAAssertions.DEFAULT_PROPAGATION_TIMEOUT);
        assertThat(result.latencies()).hasSize(2);
    }

    @Test
    void everyReplicaAcknowledgesAWrite() {
        AcknowledgementResult result = assertReplicasAcknowledgeWrites(topology, Duration.ofSeconds(2));

        assertThat(result.replicas()).isEqualTo(2);
        assertThat(result.acknowledged()).isEqualTo(2);
        assertThat(topology.master().connection().sync().exists(result.key())).isZero();
    }

    @Test
    void aWaitTimeoutBeyondTheCommandTimeoutIsRefused() {
        assertThatThrownBy(() -> assertReplicasAcknowledgeWrites(topology, Duration.ofSeconds(30)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the WAIT timeout must be positive and shorter than the command timeout PT10S of the"
                        + " connection to " + trio.master().endpoint() + " but was PT30S");
    }

    @Test
    void logsAreCleanOnceTheOvercommitWarningIsAllowed() {
        LogAudit audit = assertLogsClean(topology, RULES);

        assertThat(audit.nodes()).containsExactly(trio.master().endpoint().toString(),
                trio.replica(0).endpoint().toString(), trio.replica(1).endpoint().toString());
        assertThat(audit.clean()).isTrue();
    }

    @Test
    void replicasRejectWritesWithReadonly() {
        ReadOnlyResult result = assertReplicasReadOnly(topology);

        assertThat(result.rejections()).hasSize(2).allSatisfy(rejection ->
                assertThat(rejection.reply()).isEqualTo("READONLY You can't write against a read only replica."));
    }

    @Test
    void theExternalEndpointReachesTheMaster() {
        RedisEndpoints throughMaster = withExternalEndpoint(trio.master().endpoint());

        NodePortResult result = assertExternalEndpointReachesMaster(throughMaster);

        assertThat(result.endpoint()).isEqualTo(trio.master().endpoint());
        assertThat(result.pong()).isEqualTo("PONG");
        assertThat(result.role()).isEqualTo("master");
        assertThat(result.writeVisibleOnMaster()).isTrue();
    }

    @Test
    void anExternalEndpointReachingAReplicaFails() {
        Endpoint replica = trio.replica(1).endpoint();
        RedisEndpoints throughReplica = withExternalEndpoint(replica);

        assertThatThrownBy(() -> assertExternalEndpointReachesMaster(throughReplica))
                .isInstanceOf(AssertionError.class)
                .hasMessage("\nExpecting Redis HA cluster in endpoints " + trio.master().endpoint() + "\n"
                        + "to reach its master " + trio.master().endpoint() + " through its external endpoint " + replica
                        + "\nbut it reached a node with role:slave; through " + replica + " INFO replication reported:\n"
                        + "  role:slave  master_host:127.0.0.1  master_port:" + trio.master().port()
                        + "  master_link_status:up\n  connected_slaves:0  master_replid:"
                        + topology.replicas().get(1).info("replication").lines()
                                .filter(line -> line.startsWith("master_replid:")).findFirst().orElseThrow()
                                .substring("master_replid:".length()).trim());
    }

    @Test
    void anExternalEndpointNobodyListensOnFailsNamingIt() {
        Endpoint closed = new Endpoint("127.0.0.1", LocalRedis.freePort());

        assertThatThrownBy(() -> assertExternalEndpointReachesMaster(withExternalEndpoint(closed)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("to answer PING with PONG through its external endpoint " + closed)
                .hasMessageContaining("but connecting to " + closed + " failed: RedisConnectionException")
                .hasMessageContaining("Connection refused");
    }

    @Test
    void aTopologyWithoutExternalEndpointFailsTheNodePortStep() {
        assertThatThrownBy(() -> assertExternalEndpointReachesMaster(topology))
                .isInstanceOf(AssertionError.class)
                .hasMessage("\nExpecting Redis HA cluster in endpoints " + trio.master().endpoint() + "\n"
                        + "to have an external endpoint (NodePort) that reaches its master\n"
                        + "but the topology has no external endpoint");
    }

    @Test
    void theFluentFormRunsTheSameSteps() {
        assertThat(withExternalEndpoint(trio.master().endpoint()))
                .hasReplicationUp(Duration.ofSeconds(5))
                .propagatesWrites()
                .hasReplicasAcknowledgingWrites(Duration.ofSeconds(2))
                .hasCleanLogs(RULES)
                .hasExternalEndpointReachingMaster()
                .hasReadOnlyReplicas();
    }

    @Test
    void theFluentFormPrefixesItsDescription() {
        assertThatThrownBy(() -> assertThat(topology).as("NodePort step").hasExternalEndpointReachingMaster())
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("[NodePort step] \nExpecting Redis HA cluster in endpoints ")
                .hasMessageEndingWith("but the topology has no external endpoint");
    }

    @Test
    void anUnreachableMasterIsReportedByName() {
        Endpoint closed = new Endpoint("127.0.0.1", LocalRedis.freePort());
        RedisEndpoints nowhere = redis.topology(RedisEndpoints.master(closed).location("namespace rha-nowhere")
                .commandTimeout(Duration.ofSeconds(2)));

        assertThatThrownBy(() -> assertReplicationUp(nowhere))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("\nExpecting Redis HA cluster in namespace rha-nowhere\n"
                        + "to have every node answer INFO replication\n"
                        + "but " + closed + " failed: RedisConnectionException: Unable to connect to 127.0.0.1")
                .hasMessageContaining(":" + closed.port() + " (Connection refused")
                .hasMessageNotContaining("\nand ");
    }

    private static RedisEndpoints withExternalEndpoint(Endpoint external) {
        return redis.topology(redis.endpoints(trio.master(), trio.replicas()).externalEndpoint(external));
    }
}
