package io.github.redishajunit.assertions;

import static io.github.redishajunit.assertions.ShouldHaveExternalEndpoint.shouldHaveExternalEndpoint;
import static io.github.redishajunit.assertions.ShouldReachExternalEndpoint.shouldReachExternalEndpoint;
import static io.github.redishajunit.assertions.ShouldReachMaster.shouldReachMaster;

import io.github.redishajunit.ClientShutdown;
import io.github.redishajunit.ConnectionSettings;
import io.github.redishajunit.Endpoint;
import io.github.redishajunit.RedisNode;
import io.github.redishajunit.RedisTopology;
import io.github.redishajunit.ReplicationInfo;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * Runbook step 4, the NodePort: from this JVM, connect to the topology's external endpoint, PING it, and prove it
 * is the master rather than any Redis: its {@code INFO replication} says {@code role:master} with the master's
 * {@code master_replid}, and a key SET through it is read back on the master's own connection (then deleted).
 */
record NodePortCheck(RedisTopology topology, Duration timeout) {

    Verdict<NodePortResult> run() {
        String location = topology.location();
        Optional<Endpoint> external;
        try {
            external = topology.externalEndpoint();
        } catch (IllegalStateException e) {
            // declared, but not there: e.g. the NodePort Service was deleted
            return Verdict.failed(null, shouldHaveExternalEndpoint(location, e.getMessage()));
        }
        if (external.isEmpty()) {
            return Verdict.failed(null, shouldHaveExternalEndpoint(location));
        }
        Endpoint endpoint = external.get();
        ConnectionSettings settings = topology.connectionSettings().withTimeout(timeout);
        RedisClient client = settings.newClient();
        try {
            StatefulRedisConnection<String, String> connection;
            try {
                connection = client.connect(settings.uri(endpoint));
            } catch (RedisException e) {
                return Verdict.failed(null, shouldReachExternalEndpoint(location, endpoint,
                        "connecting to " + endpoint + " failed: " + Errors.describe(e)));
            }
            try (connection) {
                return check(endpoint, connection.sync());
            }
        } finally {
            ClientShutdown.shutdown(client);
        }
    }

    private Verdict<NodePortResult> check(Endpoint endpoint, RedisCommands<String, String> external) {
        String location = topology.location();
        long start = System.nanoTime();
        String pong;
        try {
            pong = external.ping();
        } catch (RedisException e) {
            return Verdict.failed(null, shouldReachExternalEndpoint(location, endpoint,
                    "PING through " + endpoint + " failed: " + Errors.describe(e)));
        }
        Duration roundTrip = Duration.ofNanos(System.nanoTime() - start);
        if (!"PONG".equals(pong)) {
            return Verdict.failed(null, shouldReachExternalEndpoint(location, endpoint,
                    "PING through " + endpoint + " replied " + pong));
        }
        RedisNode master = topology.master();
        ReplicationInfo reached = ReplicationInfo.parse(external.info("replication"));
        String replid = reached.masterReplid().orElse("?");
        if (!reached.isMaster()) {
            return Verdict.failed(new NodePortResult(endpoint, pong, roundTrip, reached.role(), replid, false),
                    shouldReachMaster(location, endpoint, master.describe(), reached.fields(),
                            "it reached a node with role:" + reached.role()));
        }
        String masterReplid = master.replication().masterReplid().orElse("?");
        if (!masterReplid.equals(replid)) {
            return Verdict.failed(new NodePortResult(endpoint, pong, roundTrip, reached.role(), replid, false),
                    shouldReachMaster(location, endpoint, master.describe(), reached.fields(),
                            "it reached another master (master_replid:" + replid + " where " + master.name()
                                    + " has master_replid:" + masterReplid + ")"));
        }
        String value = UUID.randomUUID().toString();
        boolean visible;
        try (TemporaryKey written = TemporaryKey.set(external, TemporaryKey.uniqueName("external-endpoint"), value)) {
            visible = value.equals(master.connection().sync().get(written.name()));
        }
        NodePortResult result = new NodePortResult(endpoint, pong, roundTrip, reached.role(), replid, visible);
        if (!visible) {
            return Verdict.failed(result, shouldReachMaster(location, endpoint, master.describe(), reached.fields(),
                    "a key SET through " + endpoint + " could not be read on " + master.name()));
        }
        return Verdict.passed(result);
    }
}
