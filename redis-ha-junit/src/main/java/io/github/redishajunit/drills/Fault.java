package io.github.redishajunit.drills;

import io.github.redishajunit.HACluster;
import io.github.redishajunit.RedisPod;
import io.lettuce.core.RedisException;
import java.time.Duration;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * How a drill disrupts the pod it picked, and how its messages and report say so: the pod deleted, the pod deleted
 * with grace period 0 (no preStop hook, no graceful shutdown), the server restarted inside the same pod, or the
 * server hung for a while ({@code CLIENT PAUSE ALL}: its pod stays Running, its replicas keep replicating), every
 * pod of the stack deleted at once (a cold start), the master isolated, a majority of the Sentinels gone, or the
 * master's node lost.
 */
enum Fault {

    DELETE("pod-delete", "pod deleted", "the delete") {
        @Override
        void inflict(HACluster cluster, RedisPod victim) {
            cluster.client().pods().inNamespace(cluster.namespace()).withName(victim.name()).delete();
        }

        @Override
        String happened(String pod) {
            return "pod " + pod + " was deleted";
        }
    },

    FORCE_DELETE("force-delete", "pod force-deleted", "the force-delete") {
        @Override
        void inflict(HACluster cluster, RedisPod victim) {
            cluster.client().pods().inNamespace(cluster.namespace()).withName(victim.name()).withGracePeriod(0)
                    .delete();
        }

        @Override
        String happened(String pod) {
            return "pod " + pod + " was force-deleted (grace period 0)";
        }
    },

    RESTART_IN_PLACE("restart-in-place", "restarted in place", "the restart") {
        @Override
        void inflict(HACluster cluster, RedisPod victim) {
            ServerCommands.shutdownNoSave(victim, cluster.location());
        }

        @Override
        String happened(String pod) {
            return "the server in pod " + pod + " was restarted in place (SHUTDOWN NOSAVE)";
        }
    },

    HUNG("hung-master", "hung", "the stall") {
        @Override
        void inflict(HACluster cluster, RedisPod victim) {
            inflict(cluster, victim, RedisHADrills.DEFAULT_STALL);
        }

        @Override
        void inflict(HACluster cluster, RedisPod victim, Duration stall) {
            ServerCommands.clientPauseAll(cluster.connectionSettings(), victim, stall, cluster.location());
        }

        @Override
        String happened(String pod) {
            return "the server in pod " + pod + " stopped answering (CLIENT PAUSE ALL)";
        }

        @Override
        String happened(String pod, Duration stall) {
            return "the server in pod " + pod + " stopped answering for " + DrillReport.seconds(stall)
                    + " (CLIENT PAUSE " + stall.toMillis() + " ALL)";
        }
    },

    COLD_START("cold-start", "cold start (every pod deleted)", "the cold start") {
        /** Deletes every data pod and every Sentinel pod (a sidecar's pod once), one delete each, back to back. */
        @Override
        void inflict(HACluster cluster, RedisPod victim) {
            for (String pod : pods(cluster)) {
                cluster.client().pods().inNamespace(cluster.namespace()).withName(pod).delete();
            }
        }

        @Override
        String happened(String pod) {
            return "every pod of the stack was deleted at once (cold start)";
        }

        @Override
        String drill(String node) {
            return "cold start (every pod deleted)";
        }
    },

    ISOLATE("isolate-master", "isolated from its replicas and Sentinels", "the isolation") {
        @Override
        void inflict(HACluster cluster, RedisPod victim) {
            inflict(cluster, victim, RedisHADrills.DEFAULT_STALL);
        }

        /**
         * Isolates the server for {@code stall} and, with Sentinels, until they name another master (at most {@link
         * #FAILOVER_GRACE} longer), then heals it; returns once healed.
         */
        @Override
        void inflict(HACluster cluster, RedisPod victim, Duration stall) {
            MasterLocator locator = MasterLocator.of(cluster, victim.name());
            try (Isolation isolation = Isolation.prepare(cluster.connectionSettings(), victim, cluster.location())) {
                isolation.begin();
                Awaitility.await("the Sentinels to fail over from the isolated " + victim.name()).pollDelay(stall)
                        .atMost(stall.plus(FAILOVER_GRACE)).pollInterval(Duration.ofMillis(200)).pollInSameThread()
                        .ignoreExceptionsInstanceOf(RedisException.class).until(() -> !locator.withSentinels() || RecoveryProbes.masterNamed(locator, victim.name(),
                                Optional.empty()).isPresent());
            } catch (ConditionTimeoutException noFailover) {
                // healed all the same: the report tells whether the Sentinels failed over
            }
        }

        @Override
        String happened(String pod) {
            return "the server in pod " + pod + " was isolated from its replicas and Sentinels (maxclients 1, their"
                    + " connections killed)";
        }

        @Override
        String happened(String pod, Duration stall) {
            return "the server in pod " + pod + " was isolated from its replicas and Sentinels for at least "
                    + DrillReport.seconds(stall) + " (maxclients 1, their connections killed)";
        }
    },

    SENTINEL_QUORUM("sentinel-quorum", "watched by a minority of its Sentinels", "the pause") {
        @Override
        void inflict(HACluster cluster, RedisPod victim) {
            inflict(cluster, victim, RedisHADrills.DEFAULT_STALL);
        }

        /** Pauses a majority of the Sentinels (as {@link SentinelMajority#of} picks it) for {@code stall}. */
        @Override
        void inflict(HACluster cluster, RedisPod victim, Duration stall) {
            SentinelMajority.of(MasterLocator.of(cluster, victim.name()).sentinels(), cluster.location())
                    .pause(stall, cluster.location());
        }

        @Override
        String happened(String pod) {
            return "a majority of the Sentinels stopped answering (CLIENT PAUSE ALL)";
        }

        @Override
        String happened(String pod, Duration stall) {
            return "a majority of the Sentinels stopped answering for " + DrillReport.seconds(stall) + " (CLIENT PAUSE "
                    + stall.toMillis() + " ALL)";
        }

        @Override
        String drill(String node) {
            return "a majority of the Sentinels gone";
        }
    },

    NODE_LOSS("node-loss", "node lost", "the node loss") {
        /** Never called: the drill takes the node away through its {@link NodeLoss}, given a {@link NodeOutage}. */
        @Override
        void inflict(HACluster cluster, RedisPod victim) {
            throw new IllegalStateException("the node-loss drill takes its node away through a NodeOutage");
        }

        @Override
        String happened(String pod) {
            return "the node of pod " + pod + " was lost (cordoned, its kubelet and pods stopped)";
        }
    };

    /** How much longer than its stated time an isolation lasts while Sentinels have not failed over yet. */
    static final Duration FAILOVER_GRACE = Duration.ofSeconds(30);

    private final String name;
    private final String done;
    private final String noun;

    Fault(String name, String done, String noun) {
        this.name = name;
        this.done = done;
        this.noun = noun;
    }

    /** The drill's short name, as {@code --drills} takes it: {@code pod-delete}, {@code isolate-master}. */
    String shortName() {
        return name;
    }

    /** Disrupts {@code victim}; returns once the disruption is under way. */
    abstract void inflict(HACluster cluster, RedisPod victim);

    /**
     * Disrupts {@code victim} for {@code stall}, for the faults that last a given time ({@link #HUNG}); the others
     * ignore it.
     */
    void inflict(HACluster cluster, RedisPod victim, Duration stall) {
        inflict(cluster, victim);
    }

    /** What happened to {@code pod}, completing "when ...": {@code pod redis-master-0 was deleted}. */
    abstract String happened(String pod);

    /** {@link #happened(String)} for a fault that lasted {@code stall}: the others ignore it. */
    String happened(String pod, Duration stall) {
        return happened(pod);
    }

    /**
     * The drill's name for the node it disrupts: {@code master pod deleted}, {@code master restarted in place}; a cold
     * start names no node: {@code cold start (every pod deleted)}.
     */
    String drill(String node) {
        return node + " " + done;
    }

    /**
     * What the report's times count from: {@code the delete}, {@code the force-delete}, {@code the restart}, {@code
     * the stall}, {@code the cold start}.
     */
    String noun() {
        return noun;
    }

    /** Every pod of the stack, once: the data pods, then the Sentinels' (the pods of their own, or their sidecars'). */
    static Set<String> pods(HACluster cluster) {
        Set<String> pods = new LinkedHashSet<>();
        cluster.nodes().forEach(node -> pods.add(node.name()));
        cluster.sentinels().forEach(sentinel -> pods.add(sentinel.name()));
        return pods;
    }
}
