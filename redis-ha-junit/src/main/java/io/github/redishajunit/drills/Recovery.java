package io.github.redishajunit.drills;

import io.github.redishajunit.HACluster;
import io.github.redishajunit.RedisNode;
import io.github.redishajunit.RedisPod;
import io.github.redishajunit.RedisSentinel;
import io.lettuce.core.RedisException;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The recovery stage a drill waits for right after its disruption, one per kind of drill: the master back (in a new
 * pod, or restarted in its own), the master answering again after a stall, or the Sentinels naming a master; a
 * replica's pod back. Returns when every Sentinel agreed, when the stack has Sentinels.
 */
interface Recovery {

    Optional<Duration> await(Disruption disruption);

    /**
     * The master's pod deleted ({@code inPlace} false) or its server restarted in place: without Sentinels the same
     * pod name (a new pod, or the same one) answers as a master with a run id other than {@code oldRunId}; with them
     * every Sentinel names a master that answers as one: a new one, or the old master's pod back with a new run_id
     * (a pod back before the Sentinels' down-after period, that the Sentinels never saw down, is no failure: the
     * acknowledged writes it still has say whether it lost any).
     */
    static Recovery masterBack(Stages stages, RedisPod master, MasterLocator locator, String oldUid, String oldRunId,
            boolean inPlace) {
        return disruption -> {
            AtomicReference<String> seen = new AtomicReference<>("not asked yet");
            if (!locator.sentinels().isEmpty()) {
                String what = "every Sentinel to name a master that answers as one (a new one, or " + master.name()
                        + (inPlace ? " restarted" : " back") + " with a new run_id)";
                stages.await(disruption, what, seen::get, () -> {
                    seen.set(RecoveryProbes.sentinelAnswers(locator));
                    return RecoveryProbes.masterNamed(locator, master.name(), Optional.of(oldRunId)).isPresent();
                });
                return Optional.of(disruption.elapsed());
            }
            String what = inPlace ? "the server in pod " + master.name() + " to answer again as a master with a new"
                    + " run_id" : "pod " + master.name() + " to come back and answer as a master";
            stages.await(disruption, what, seen::get, () -> {
                seen.set(RecoveryProbes.restarted(master, oldUid, oldRunId, inPlace));
                return seen.get().equals("restarted");
            });
            return Optional.empty();
        };
    }

    /**
     * The master's server hung: without Sentinels the same pod (and process) answers as a master again; with them
     * every Sentinel names a master that answers as one: a new one after a failover, or the same one after the stall.
     */
    static Recovery masterAnswersAgain(Stages stages, RedisPod master, MasterLocator locator, String oldUid) {
        return disruption -> {
            AtomicReference<String> seen = new AtomicReference<>("not asked yet");
            if (!locator.sentinels().isEmpty()) {
                stages.await(disruption, "every Sentinel to name a master that answers as one (a new one, or "
                        + master.name() + " answering again after the stall)", seen::get, () -> {
                            seen.set(RecoveryProbes.sentinelAnswers(locator));
                            return RecoveryProbes.agreedMaster(locator).isPresent();
                        });
                return Optional.of(disruption.elapsed());
            }
            stages.await(disruption, "the server in pod " + master.name() + " to answer again as a master",
                    seen::get, () -> {
                        seen.set(RecoveryProbes.answering(master, oldUid));
                        return seen.get().equals("answering");
                    });
            return Optional.empty();
        };
    }

    /**
     * Every pod deleted: a new pod of every data pod's name, then exactly one server answering {@code role:master}
     * (every one of them answering), and with Sentinels every one of them naming it. The replicas linking to it is the
     * drill's next stage.
     */
    static Recovery coldStart(Stages stages, HACluster cluster, MasterLocator locator, Map<String, String> oldUids) {
        return disruption -> {
            AtomicReference<String> seen = new AtomicReference<>("not asked yet");
            stages.await(disruption, "every pod of the stack to be replaced by a new one", seen::get, () -> {
                List<String> old = RecoveryProbes.notReplaced(cluster, oldUids);
                seen.set(old.isEmpty() ? "replaced" : "not replaced yet: " + String.join(", ", old));
                return old.isEmpty();
            });
            return oneMaster(stages, disruption, cluster, locator);
        };
    }

    /**
     * The master isolated from its replicas and Sentinels, then healed (the fault returns once healed): without
     * Sentinels the same pod answers as a master again; with them exactly one server answers {@code role:master} (the
     * isolated one demoted if they failed over) and every Sentinel names it.
     */
    static Recovery isolated(Stages stages, HACluster cluster, RedisPod master, MasterLocator locator, String oldUid) {
        return locator.sentinels().isEmpty() ? masterAnswersAgain(stages, master, locator, oldUid)
                : disruption -> oneMaster(stages, disruption, cluster, locator);
    }

    /**
     * A majority of the Sentinels paused: while they are, every Sentinel left must answer {@code NOQUORUM} to {@code
     * SENTINEL CKQUORUM}; afterwards every Sentinel must answer it {@code OK} and name {@code master} again. A Sentinel
     * naming another master means a failover happened without a majority: the drill fails saying so.
     */
    static Recovery sentinelMajorityLost(Stages stages, MasterLocator locator, SentinelMajority majority,
            RedisPod master) {
        return disruption -> {
            AtomicReference<String> seen = new AtomicReference<>("not asked yet");
            String left = SentinelMajority.names(majority.left());
            try {
                // bounded by the pause: after it the Sentinels may rightly count a quorum again
                Awaitility.await("the Sentinels left (" + left + ") to refuse CKQUORUM").atMost(disruption.stall())
                        .pollInterval(Duration.ofMillis(200)).pollInSameThread()
                        .ignoreExceptionsInstanceOf(RedisException.class).until(() -> {
                            Map<String, String> answers = ckquorum(majority.left(), locator.masterSet());
                            seen.set(answers.toString());
                            return answers.values().stream().allMatch(answer -> answer.startsWith("NOQUORUM"));
                        });
            } catch (ConditionTimeoutException e) {
                throw new AssertionError("Expecting the Sentinels left in " + stages.location() + " (" + left + ") to"
                        + " refuse SENTINEL CKQUORUM " + locator.masterSet() + " while " + disruption.happened()
                        + "\nbut they still counted a quorum: " + seen.get() + " (a Sentinel that counts paused"
                        + " peers as usable would authorize a failover without a majority)", e);
            }
            AtomicReference<String> promoted = new AtomicReference<>();
            stages.await(disruption, "every Sentinel to answer CKQUORUM OK and name " + master.name() + " again",
                    seen::get, () -> {
                        Map<String, String> answers = ckquorum(locator.sentinels(), locator.masterSet());
                        seen.set("CKQUORUM " + answers + "; " + RecoveryProbes.sentinelAnswers(locator));
                        for (RedisSentinel sentinel : locator.sentinels()) {
                            locator.named(sentinel).filter(named -> !named.name().equals(master.name()))
                                    .ifPresent(named -> promoted.set(sentinel.name() + " names " + named.name()));
                        }
                        return promoted.get() != null || answers.values().stream().allMatch(a -> a.startsWith("OK"))
                                && RecoveryProbes.agreedMaster(locator).map(RedisNode::name)
                                        .filter(master.name()::equals).isPresent();
                    });
            if (promoted.get() != null) {
                throw new AssertionError("Expecting no failover in " + stages.location() + " while "
                        + disruption.happened() + "\nbut one happened: " + promoted.get() + " (a failover needs the"
                        + " votes of a majority of the Sentinels; check their quorum and that each Sentinel has its"
                        + " own myid)");
            }
            return Optional.of(disruption.elapsed());
        };
    }

    private static Map<String, String> ckquorum(List<RedisSentinel> sentinels, String masterSet) {
        Map<String, String> answers = new LinkedHashMap<>();
        sentinels.forEach(sentinel -> answers.put(sentinel.name(), SentinelMajority.ckquorum(sentinel, masterSet)));
        return answers;
    }

    /** Exactly one server answering {@code role:master}, every one answering, and every Sentinel naming it. */
    private static Optional<Duration> oneMaster(Stages stages, Disruption disruption, HACluster cluster,
            MasterLocator locator) {
        AtomicReference<String> seen = new AtomicReference<>("not asked yet");
        boolean sentinels = !locator.sentinels().isEmpty();
        stages.await(disruption, "exactly one server to answer role:master" + (sentinels ? " and every Sentinel"
                + " to name it" : ""), seen::get, () -> {
                    Map<String, String> roles = RecoveryProbes.roles(cluster);
                    List<String> masters = roles.entrySet().stream().filter(e -> e.getValue().equals("master"))
                            .map(Map.Entry::getKey).toList();
                    seen.set("roles " + roles + (sentinels ? "; " + RecoveryProbes.sentinelAnswers(locator) : ""));
                    boolean one = masters.size() == 1 && !roles.containsValue("not answering");
                    return one && (!sentinels || RecoveryProbes.agreedMaster(locator).map(RedisNode::name)
                            .filter(masters.get(0)::equals).isPresent());
                });
        return sentinels ? Optional.of(disruption.elapsed()) : Optional.empty();
    }

    /** A replica's pod deleted: a new pod of that name is there (its re-link is the drill's next stage). */
    static Recovery replicaBack(Stages stages, RedisPod replica, String oldUid) {
        return disruption -> {
            AtomicReference<String> seen = new AtomicReference<>("not asked yet");
            stages.await(disruption, "pod " + replica.name() + " to come back", seen::get, () -> {
                Pod pod = replica.pod();
                boolean replaced = pod != null && !oldUid.equals(pod.getMetadata().getUid());
                seen.set(replaced ? "back" : pod == null ? "no pod" : "the old pod still runs");
                return replaced;
            });
            return Optional.empty();
        };
    }
}
