package io.github.redishajunit.assertions;

import static io.github.redishajunit.assertions.ShouldBeAcknowledged.shouldBeAcknowledged;

import io.github.redishajunit.RedisNode;
import io.github.redishajunit.RedisTopology;
import io.github.redishajunit.ReplicationInfo.ListedReplica;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.List;

/**
 * Durability of a write: SET a key on the master, then {@code WAIT <replicas> <timeout>} on the same connection,
 * since WAIT only counts acknowledgements of the calling connection's own writes. The master node's shared
 * connection is that connection: the SET and the WAIT are sent one after the other on it, and anything else
 * written on it in between only makes WAIT wait for more.
 */
final class AcknowledgementCheck {

    private final RedisTopology topology;

    AcknowledgementCheck(RedisTopology topology) {
        this.topology = topology;
    }

    Verdict<AcknowledgementResult> run(Duration timeout) {
        RedisNode master = topology.master();
        StatefulRedisConnection<String, String> connection = master.connection();
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(connection.getTimeout()) >= 0) {
            throw new IllegalArgumentException("the WAIT timeout must be positive and shorter than the command timeout "
                    + connection.getTimeout() + " of the connection to " + master.name() + " but was " + timeout);
        }
        int replicas = topology.replicas().size();
        RedisCommands<String, String> commands = connection.sync();
        try (TemporaryKey written = TemporaryKey.set(commands, TemporaryKey.uniqueName("acknowledgement"), "1")) {
            long start = System.nanoTime();
            long acknowledged = commands.waitForReplication(replicas, timeout.toMillis());
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            AcknowledgementResult result =
                    new AcknowledgementResult(written.name(), replicas, acknowledged, timeout, elapsed);
            if (acknowledged >= replicas) {
                return Verdict.passed(result);
            }
            List<ListedReplica> listed = master.replication().listedReplicas();
            String described = master.describe();
            return Verdict.failed(result, shouldBeAcknowledged(topology.location(), described, result, listed));
        }
    }
}
