package io.github.redishajunit.assertions;

import static io.github.redishajunit.assertions.RedisHAAssertions.requirePositive;

import io.github.redishajunit.RedisTopology;
import java.time.Duration;
import java.util.UUID;
import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;

/**
 * The runbook steps as a fluent AssertJ assertion; each method runs the same check as its
 * {@link RedisHAAssertions} counterpart, and an {@code as(...)} description prefixes its message.
 *
 * <pre>{@code
 * assertThat(cluster).hasReplicationUp(Duration.ofSeconds(5)).propagatesWrites().hasCleanLogs(rules)
 *         .hasExternalEndpointReachingMaster().hasReadOnlyReplicas();
 * }</pre>
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public class RedisTopologyAssert extends AbstractAssert<RedisTopologyAssert, RedisTopology> {

    public RedisTopologyAssert(RedisTopology actual) {
        super(actual, RedisTopologyAssert.class);
    }

    /** See {@link RedisHAAssertions#assertReplicationUp(RedisTopology)}. */
    public RedisTopologyAssert hasReplicationUp() {
        isNotNull();
        new ReplicationCheck(actual).run().orThrow(info);
        return myself;
    }

    /** See {@link RedisHAAssertions#assertReplicationUp(RedisTopology, Duration)}. */
    public RedisTopologyAssert hasReplicationUp(Duration bound) {
        isNotNull();
        new ReplicationCheck(actual).run(requirePositive(bound, "bound")).orThrow(info);
        return myself;
    }

    /** See {@link RedisHAAssertions#assertPropagates(RedisTopology)}. */
    public RedisTopologyAssert propagatesWrites() {
        return propagatesWrites(RedisHAAssertions.DEFAULT_PROPAGATION_TIMEOUT);
    }

    /** See {@link RedisHAAssertions#assertPropagates(RedisTopology, String, String, Duration)}. */
    public RedisTopologyAssert propagatesWrites(Duration timeout) {
        isNotNull();
        new PropagationCheck(actual).run(TemporaryKey.uniqueName("propagation"), UUID.randomUUID().toString(),
                requirePositive(timeout, "timeout")).orThrow(info);
        return myself;
    }

    /** See {@link RedisHAAssertions#assertReplicasAcknowledgeWrites(RedisTopology, Duration)}. */
    public RedisTopologyAssert hasReplicasAcknowledgingWrites(Duration timeout) {
        isNotNull();
        new AcknowledgementCheck(actual).run(timeout).orThrow(info);
        return myself;
    }

    /** See {@link RedisHAAssertions#assertLogsClean(RedisTopology)}. */
    public RedisTopologyAssert hasCleanLogs() {
        return hasCleanLogs(LogRules.defaults());
    }

    /** See {@link RedisHAAssertions#assertLogsClean(RedisTopology, LogRules)}. */
    public RedisTopologyAssert hasCleanLogs(LogRules rules) {
        isNotNull();
        new LogCheck(actual).run(rules).orThrow(info);
        return myself;
    }

    /** The NodePort step; see {@link RedisHAAssertions#assertExternalEndpointReachesMaster(RedisTopology)}. */
    public RedisTopologyAssert hasExternalEndpointReachingMaster() {
        isNotNull();
        new NodePortCheck(actual, RedisHAAssertions.DEFAULT_EXTERNAL_ENDPOINT_TIMEOUT).run().orThrow(info);
        return myself;
    }

    /** See {@link RedisHAAssertions#assertReplicasReadOnly(RedisTopology)}. */
    public RedisTopologyAssert hasReadOnlyReplicas() {
        isNotNull();
        new ReadOnlyCheck(actual).run().orThrow(info);
        return myself;
    }

    /** See {@link RedisHAAssertions#assertPersistent(RedisTopology)}. */
    public RedisTopologyAssert persistsItsData() {
        isNotNull();
        new PersistenceCheck(actual).run().orThrow(info);
        return myself;
    }
}
