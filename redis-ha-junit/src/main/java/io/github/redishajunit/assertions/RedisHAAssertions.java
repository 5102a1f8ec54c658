package io.github.redishajunit.assertions;

import io.github.redishajunit.ConnectionSettings;
import io.github.redishajunit.Endpoint;
import io.github.redishajunit.RedisTopology;
import java.time.Duration;
import java.util.UUID;
import org.apiguardian.api.API;

/**
 * The runbook as assertions, over any {@link RedisTopology}: the Kubernetes handle, or {@link
 * io.github.redishajunit.RedisEndpoints}. Each step returns what it observed, for a certification report, or
 * throws an {@link AssertionError} worded like AssertJ's, naming the topology's location, the node and the
 * observed values.
 *
 * <ol>
 *   <li>{@link #assertReplicationUp(RedisTopology)}: replication status (runbook test 1)
 *   <li>{@link #assertPropagates(RedisTopology)}: data propagation (runbook test 2), and
 *       {@link #assertReplicasAcknowledgeWrites(RedisTopology, Duration)}, its durable form with WAIT
 *   <li>{@link #assertLogsClean(RedisTopology)}: the logs (runbook test 3)
 *   <li>{@link #assertExternalEndpointReachesMaster(RedisTopology)}: the NodePort (runbook test 4)
 *   <li>{@link #assertReplicasReadOnly(RedisTopology)}: replicas reject writes
 *   <li>{@link #assertPersistent(RedisTopology)}: data survives a restart (the master persists; saves succeed)
 * </ol>
 *
 * {@link #assertThat(RedisTopology)} offers the same checks as a fluent AssertJ assertion.
 *
 * <p>{@code assertReplicationUp(topology)} checks once and never waits. Callers that need to wait for a cluster
 * to settle wrap it in Awaitility, whose timeout error then carries the last failure message:
 *
 * <pre>{@code
 * await("replication").atMost(Duration.ofMinutes(1)).untilAsserted(() -> assertReplicationUp(cluster));
 * }</pre>
 *
 * The steps that must wait by nature (propagation, WAIT) take an explicit bound.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public final class RedisHAAssertions {

    /** How long {@link #assertPropagates(RedisTopology)} waits for every replica to serve the value. */
    public static final Duration DEFAULT_PROPAGATION_TIMEOUT = Duration.ofSeconds(5);

    /** Connect and command timeout of the connection the NodePort step opens to the external endpoint. */
    public static final Duration DEFAULT_EXTERNAL_ENDPOINT_TIMEOUT = Duration.ofSeconds(10);

    private RedisHAAssertions() {}

    /**
     * Runbook step 1, replication status, read once without waiting: the master reports {@code role:master} and
     * lists every expected replica with {@code state=online} under its announced address
     * ({@code replica-announce-ip}/{@code -port}, else its host address and port); every replica reports
     * {@code role:slave}, {@code master_link_status:up}, {@code master_sync_in_progress:0} and the master's
     * {@code master_replid}; and every replica's {@code slave_repl_offset} has reached the master's
     * {@code master_repl_offset}, read before any replica. {@code connected_slaves} alone proves nothing: it counts
     * replicas in every state.
     *
     * <p>The master's offset moves on its own (it PINGs its replicas every 10 s by default), so a replica may lag
     * by a PING at the instant of reading; wrap this in Awaitility, or use
     * {@link #assertReplicationUp(RedisTopology, Duration)}.
     */
    public static ReplicationStatus assertReplicationUp(RedisTopology topology) {
        return new ReplicationCheck(topology).run().orThrow();
    }

    /**
     * {@link #assertReplicationUp(RedisTopology)}, except that two things are polled (with Awaitility), each for at
     * most {@code bound}: a sync in progress (a replica the master lists {@code wait_bgsave} or {@code send_bulk},
     * or that reports {@code master_sync_in_progress:1}, as right after a replica started), then the offsets. Every
     * other condition is read once and fails at once: a replica the master does not list, a link down without a
     * sync, a second master.
     */
    public static ReplicationStatus assertReplicationUp(RedisTopology topology, Duration bound) {
        return new ReplicationCheck(topology).run(requirePositive(bound, "bound")).orThrow();
    }

    /**
     * Runbook step 2, data propagation: writes a unique key on the master and waits at most
     * {@link #DEFAULT_PROPAGATION_TIMEOUT} for every replica to serve its value; the key is deleted afterwards.
     */
    public static PropagationResult assertPropagates(RedisTopology topology) {
        return assertPropagates(topology, TemporaryKey.uniqueName("propagation"), UUID.randomUUID().toString(),
                DEFAULT_PROPAGATION_TIMEOUT);
    }

    /**
     * Runbook step 2 with a chosen key and value: SET on the master, then GET on every replica until each serves
     * {@code value} or {@code timeout} passes. The key is deleted afterwards (so use a key nothing else needs).
     * Latencies are measured from the master's reply to the SET.
     */
    public static PropagationResult assertPropagates(RedisTopology topology, String key, String value,
            Duration timeout) {
        return new PropagationCheck(topology).run(key, value, requirePositive(timeout, "timeout")).orThrow();
    }

    /**
     * A write is durable on every replica: SET a unique key on the master, then {@code WAIT <replicas> <timeout>}
     * on the same connection (WAIT only counts the calling connection's writes); fails naming how many replicas
     * acknowledged. {@code timeout} must be shorter than the master connection's command timeout.
     */
    public static AcknowledgementResult assertReplicasAcknowledgeWrites(RedisTopology topology, Duration timeout) {
        return new AcknowledgementCheck(topology).run(timeout).orThrow();
    }

    /** Runbook step 3, the logs, with {@link LogRules#defaults()}. */
    public static LogAudit assertLogsClean(RedisTopology topology) {
        return assertLogsClean(topology, LogRules.defaults());
    }

    /**
     * Runbook step 3, the logs: the master logged {@code Ready to accept connections} and a completed
     * synchronization for each expected replica; each replica logged {@code Connecting to MASTER} and
     * {@code MASTER <-> REPLICA sync: Finished with success} (or a partial resynchronization); and no log holds a
     * line the rules forbid: {@code #}-level WARNINGs (memory overcommit, somaxconn, THP...), permission denied,
     * MISCONF (the {@code Background saving error} after which Redis answers writes with MISCONF), failed RDB/AOF
     * writes, {@code Possible SECURITY ATTACK}, replication link errors, or more than one
     * {@code Full resync requested by replica} for the same replica. Lines not in Redis's log format are ignored.
     */
    public static LogAudit assertLogsClean(RedisTopology topology, LogRules rules) {
        return new LogCheck(topology).run(rules).orThrow();
    }

    /**
     * Runbook step 4, the NodePort: from this JVM, the external endpoint answers PING with PONG and reaches the
     * master, not a replica: its {@code INFO replication} says {@code role:master} with the master's
     * {@code master_replid}, and a key SET through it is read on the master's own connection (then deleted).
     */
    public static NodePortResult assertExternalEndpointReachesMaster(RedisTopology topology) {
        return assertExternalEndpointReachesMaster(topology, DEFAULT_EXTERNAL_ENDPOINT_TIMEOUT);
    }

    /** Runbook step 4 with a chosen connect and command timeout for the external endpoint. */
    public static NodePortResult assertExternalEndpointReachesMaster(RedisTopology topology, Duration timeout) {
        return new NodePortCheck(topology, requirePositive(timeout, "timeout")).run().orThrow();
    }

    /** Every replica rejects a SET with {@code READONLY}; a replica that accepts it has the key deleted again. */
    public static ReadOnlyResult assertReplicasReadOnly(RedisTopology topology) {
        return new ReadOnlyCheck(topology).run().orThrow();
    }

    /**
     * Data survives a restart: the master persists (AOF on, or RDB save points) and every node's last RDB save and
     * AOF write succeeded. A master that restarts without persisted data comes back empty and its replicas resync
     * to empty.
     */
    public static PersistenceResult assertPersistent(RedisTopology topology) {
        return new PersistenceCheck(topology).run().orThrow();
    }

    /**
     * The Sentinels agree with the servers: every Sentinel names the topology's master for the same master set
     * ({@code SENTINEL GET-MASTER-ADDR-BY-NAME}), {@code SENTINEL CKQUORUM} is OK, and each knows as many replicas and
     * other Sentinels as the topology has.
     *
     * @throws IllegalArgumentException when the topology has no Sentinels
     */
    public static SentinelResult assertSentinelsAgree(RedisTopology topology) {
        if (topology.sentinels().isEmpty()) {
            throw new IllegalArgumentException(topology.location() + " has no Sentinels to check");
        }
        return new SentinelCheck(topology).run().orThrow();
    }

    /**
     * {@link #assertSentinelsAgree(RedisTopology)}, polled for at most {@code bound}: Sentinels learn replicas from
     * the master's INFO every 10 s and each other every 2 s, so right after a start or a failover they may lag; after
     * a pod was recreated, a Sentinel reaches it only once the pod's name resolves to its new address, which a DNS
     * cache can delay by its TTL (certification allows 60 s).
     */
    public static SentinelResult assertSentinelsAgree(RedisTopology topology, Duration bound) {
        if (topology.sentinels().isEmpty()) {
            throw new IllegalArgumentException(topology.location() + " has no Sentinels to check");
        }
        return new SentinelCheck(topology).run(requirePositive(bound, "bound")).orThrow();
    }

    /**
     * AUTH holds: {@code PING} without a password answers {@code NOAUTH} on every node and on the external endpoint.
     *
     * @throws IllegalStateException when the topology has no credentials (AUTH is off, or its password unknown)
     */
    public static AuthResult assertAuthRequired(RedisTopology topology) {
        return new AuthCheck(topology, DEFAULT_EXTERNAL_ENDPOINT_TIMEOUT).run().orThrow();
    }

    /**
     * What {@code endpoint} answers to {@code PING} without a password: {@code PONG}, or the first line of its error
     * (e.g. {@code NOAUTH Authentication required.}). For reports that flag an endpoint open to anyone.
     */
    public static String pingWithoutPassword(Endpoint endpoint) {
        return pingWithoutPassword(endpoint, ConnectionSettings.defaults());
    }

    /**
     * {@link #pingWithoutPassword(Endpoint)} as a client of {@code as} (its TLS, without its credentials): a stranger
     * to a TLS stack knows its CA, not a client certificate the servers accept. A server that ends the handshake for
     * want of one answers {@code no TLS session without a client certificate (...)}.
     */
    public static String pingWithoutPassword(Endpoint endpoint, ConnectionSettings as) {
        return AuthCheck.unauthenticatedPing(endpoint, DEFAULT_EXTERNAL_ENDPOINT_TIMEOUT, as);
    }

    /** The same checks as a fluent AssertJ assertion, e.g. {@code assertThat(cluster).hasReplicationUp()}. */
    public static RedisTopologyAssert assertThat(RedisTopology topology) {
        return new RedisTopologyAssert(topology);
    }

    static Duration requirePositive(Duration duration, String name) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration but was " + duration);
        }
        return duration;
    }
}
