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
        void inflict(HACluster cluster, RedisPod victim, Duration stall) {
            cluster.client().pods().inNamespace(cluster.namespace()).withName(victim.name()).delete();
        }

        @Override
        String happened(String pod, Duration stall) {
            return "pod " + pod + " was deleted";
        }
    },

    FORCE_DELETE("force-delete", "pod force-deleted", "the force-delete") {
        @Override
        void inflict(HACluster cluster, RedisPod victim, Duration stall) {
            cluster.client().pods().inNamespace(cluster.namespace()).withName(victim.name()).withGracePeriod(0)
                    .delete();
        }

        @Override
        String happened(String pod, Duration stall) {
            return "pod " + pod + " was force-deleted (grace period 0)";
        }
    },

    RESTART_IN_PLACE("restart-in-place", "restarted in place", "the restart") {
        @Override
        void inflict(HACluster cluster, RedisPod victim, Duration stall) {
            ServerCommands.shutdownNoSave(victim, cluster.location());
        }

        @Override
        String happened(String pod, Duration stall) {
            return "the server in pod " + pod + " was restarted in place (SHUTDOWN NOSAVE)";
        }
    },

    HUNG("hung-master", "hung", "the stall") {
        @Override
        void inflict(HACluster cluster, RedisPod victim, Duration stall) {
            ServerCommands.clientPauseAll(cluster.connectionSettings(), victim, stall, cluster.location());
        }

        @Override
        String happened(String pod, Duration stall) {
            return "the server in pod " + pod + " stopped answering" + lasting(" for ", stall) + " (CLIENT PAUSE "
                    + (stall.isZero() ? "" : stall.toMillis() + " ") + "ALL)";
        }
    },

    COLD_START("cold-start", "cold start (every pod deleted)", "the cold start") {
        /** Deletes every data pod and every Sentinel pod (a sidecar's pod once), one delete each, back to back. */
        @Override
        void inflict(HACluster cluster, RedisPod victim, Duration stall) {
            for (String pod : pods(cluster)) {
                cluster.client().pods().inNamespace(cluster.namespace()).withName(pod).delete();
            }
        }

        @Override
        String happened(String pod, Duration stall) {
            return "every pod of the stack was deleted at once (cold start)";
        }

        @Override
        String drill(String node) {
            return "cold start (every pod deleted)";
        }
    },

    ISOLATE("isolate-master", "isolated from its replicas and Sentinels", "the isolation") {
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
                        .ignoreExceptionsInstanceOf(RedisException.class).until(() -> !locator.withSentinels()
                                || RecoveryProbes.masterNamed(locator, victim.name(), Optional.empty()).isPresent());
            } catch (ConditionTimeoutException noFailover) {
                // healed all the same: the report tells whether the Sentinels failed over
            }
        }

        @Override
        String happened(String pod, Duration stall) {
            return "the server in pod " + pod + " was isolated from its replicas and Sentinels"
                    + lasting(" for at least ", stall) + " (maxclients 1, their connections killed)";
        }
    },

    SENTINEL_QUORUM("sentinel-quorum", "watched by a minority of its Sentinels", "the pause") {
        /** Pauses a majority of the Sentinels (as {@link SentinelMajority#of} picks it) for {@code stall}. */
        @Override
        void inflict(HACluster cluster, RedisPod victim, Duration stall) {
            SentinelMajority.of(MasterLocator.of(cluster, victim.name()).sentinels(), cluster.location())
                    .pause(stall, cluster.location());
        }

        @Override
        String happened(String pod, Duration stall) {
            return "a majority of the Sentinels stopped answering" + lasting(" for ", stall) + " (CLIENT PAUSE "
                    + (stall.isZero() ? "" : stall.toMillis() + " ") + "ALL)";
        }

        @Override
        String drill(String node) {
            return "a majority of the Sentinels gone";
        }
    },

    NODE_LOSS("node-loss", "node lost", "the node loss") {
        /** Never called: the drill takes the node away through its {@link NodeLoss}, given a {@link NodeOutage}. */
        @Override
        void inflict(HACluster cluster, RedisPod victim, Duration stall) {
            throw new IllegalStateException("the node-loss drill takes its node away through a NodeOutage");
        }

        @Override
        String happened(String pod, Duration stall) {
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

    /** Disrupts {@code victim} for the default stall ({@link RedisHADrills#DEFAULT_STALL}, where a fault lasts). */
    void inflict(HACluster cluster, RedisPod victim) {
        inflict(cluster, victim, RedisHADrills.DEFAULT_STALL);
    }

    /**
     * Disrupts {@code victim}, for {@code stall} where the fault lasts a given time ({@link #HUNG}, {@link #ISOLATE},
     * {@link #SENTINEL_QUORUM}; the others ignore it); returns once the disruption is under way.
     */
    abstract void inflict(HACluster cluster, RedisPod victim, Duration stall);

    /** What happened to {@code pod}, completing "when ...": {@code pod redis-master-0 was deleted}. */
    String happened(String pod) {
        return happened(pod, Duration.ZERO);
    }

    /** {@link #happened(String)} for a fault that lasted {@code stall} (zero: not said); the others ignore it. */
    abstract String happened(String pod, Duration stall);

    /** {@code prefix} and the stall, e.g. {@code " for 10.0 s"}; nothing for a zero stall. */
    private static String lasting(String prefix, Duration stall) {
        return stall.isZero() ? "" : prefix + DrillReport.seconds(stall);
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
