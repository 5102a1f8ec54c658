package io.github.redishajunit.drills;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.redishajunit.HACluster;
import io.github.redishajunit.drills.DrillReport.Losses;
import io.github.redishajunit.drills.DrillReport.Masters;
import io.github.redishajunit.drills.DrillReport.Subject;
import io.github.redishajunit.drills.DrillReport.Timeline;
import io.github.redishajunit.drills.DrillReport.Writes;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The drills' bounds and their one-line report, without a cluster (the drills themselves run in DrillsIT). */
class RedisHADrillsTest {

    private static final DrillReport ISOLATED = new DrillReport(new Subject("isolate-master", "master isolated from"
            + " its replicas and Sentinels, Sentinels watching", "namespace ns", "cache-node-1", "the isolation"),
            new Writes(1000, 60, 0, 31, 1029, 0), new Losses(0, Map.of("cache-node-0", 31), 31),
            new Timeline(Duration.ZERO, Duration.ZERO, ms(24300), Optional.of(ms(21000)), ms(16250)),
            new Masters("cache-node-1", "cache-node-0", "1 full, 1 partial"));

    private static final MinReplicas NO_SETTINGS = new MinReplicas(Optional.empty(), Optional.empty());

    private static final HACluster UNTOUCHED = (HACluster) Proxy.newProxyInstance(HACluster.class.getClassLoader(),
            new Class<?>[] {HACluster.class}, (proxy, method, args) -> {
                throw new AssertionError("setting a bound must not touch the cluster (" + method.getName() + ")");
            });

    @Test
    void boundsOutsideTheirRangeFailNamingTheValue() {
        RedisHADrills drills = RedisHADrills.on(UNTOUCHED);

        assertThatIllegalArgumentException().isThrownBy(() -> drills.writesPerSecond(0))
                .withMessage("writesPerSecond must be 1 to 1000 but was 0 (a drill's load is bounded: pick a rate the"
                        + " stack under test is meant to take)");
        assertThatIllegalArgumentException().isThrownBy(() -> drills.writesPerSecond(5000))
                .withMessageStartingWith("writesPerSecond must be 1 to 1000 but was 5000");
        assertThatIllegalArgumentException().isThrownBy(() -> drills.preloadedKeys(-1))
                .withMessage("preloadedKeys must be 0 to 100000 but was -1");
        assertThatIllegalArgumentException().isThrownBy(() -> drills.within(Duration.ofMillis(10)))
                .withMessage("within must be 1 s to 30 min but was PT0.01S");
        assertThatIllegalArgumentException().isThrownBy(() -> drills.toleratingLostWrites(-3))
                .withMessage("toleratingLostWrites must be 0 or more but was -3");
        assertThatIllegalArgumentException().isThrownBy(() -> drills.masterHung(Duration.ofMillis(500)))
                .withMessage("masterHung's stall must be 1 s to 5 min but was PT0.5S");
        assertThatIllegalArgumentException().isThrownBy(() -> drills.masterHung(Duration.ofMinutes(6)))
                .withMessage("masterHung's stall must be 1 s to 5 min but was PT6M");
        assertThatIllegalArgumentException().isThrownBy(() -> drills.masterHung(null))
                .withMessage("masterHung's stall must be 1 s to 5 min but was null");
        assertThat(drills.writesPerSecond(10).preloadedKeys(0).within(Duration.ofMinutes(2)).toleratingLostWrites(5))
                .isNotNull();
    }

    @Test
    void aMasterDrillSaysWhatWasLostTheOutageAndTheRelink() {
        DrillReport report = new DrillReport(deleted("master pod deleted", "redis-master-0"),
                new Writes(1000, 60, 4, 10, 1045, 0), new Losses(3, Map.of("redis-slave-1", 3, "redis-master-0", 1), 2),
                times(ms(2600), ms(2800), ms(9100), Optional.empty()),
                new Masters("redis-master-0", "redis-master-0", "2 full, 0 partial"));

        assertThat(report.summary()).isEqualTo("master pod deleted (redis-master-0): acknowledged writes lost: 3 of"
                + " 1045 (1000 preloaded), missing on redis-master-0 1, redis-slave-1 3; 60 writes attempted, 4 failed,"
                + " 10 unconfirmed (2 of them lost); write outage 2.6 s (writes accepted again 2.8 s after the delete);"
                + " replicas linked 9.1 s after the delete (6.3 s after writes resumed); resync: 2 full, 0 partial");
        assertThat(report.timeline().relinkAfterWrites()).isEqualTo(Duration.ofMillis(6300));
    }

    @Test
    void aFailoverNamesTheNewMasterAndTheOldOneRejoining() {
        DrillReport report = new DrillReport(deleted("master pod deleted, Sentinel failover", "cache-node-1"),
                new Writes(1000, 47, 6, 13, 1028, 0), new Losses(0, Map.of(), 0),
                times(ms(7200), ms(7800), ms(17300), Optional.of(ms(10300))),
                new Masters("cache-node-1", "cache-node-0", "1 full, 1 partial"));

        assertThat(report.summary()).contains("acknowledged writes lost: 0 of 1028 (1000 preloaded); 47 writes",
                "every Sentinel named cache-node-0 10.3 s after the delete",
                "master cache-node-1 -> cache-node-0 (cache-node-1 rejoined as a replica)",
                "replicas linked 17.3 s after the delete (9.5 s after writes resumed)");
    }

    @Test
    void aReplicaDrillWithoutFailedWritesSaysSo() {
        DrillReport report = new DrillReport(deleted("replica pod deleted", "redis-slave-0"),
                new Writes(1000, 47, 0, 17, 1030, 0), new Losses(0, Map.of(), 0),
                times(Duration.ZERO, Duration.ZERO, ms(10200), Optional.empty()),
                new Masters("redis-master-0", "redis-master-0", "1 full, 0 partial"));

        assertThat(report.summary()).isEqualTo("replica pod deleted (redis-slave-0): acknowledged writes lost: 0 of"
                + " 1030 (1000 preloaded); 47 writes attempted, 0 failed, 17 unconfirmed; no write failed; replicas"
                + " linked 10.2 s after the delete; resync: 1 full, 0 partial");
    }

    @Test
    void aRestartInPlaceCountsItsTimesFromTheRestart() {
        String drill = Fault.RESTART_IN_PLACE.drill("master");
        DrillReport report = new DrillReport(
                new Subject(drill, drill, "namespace ns", "redis-master-0", Fault.RESTART_IN_PLACE.noun()),
                new Writes(1000, 80, 5, 3, 1072, 0), new Losses(0, Map.of(), 0),
                times(ms(1400), ms(1500), ms(3900), Optional.empty()),
                new Masters("redis-master-0", "redis-master-0", "2 full, 0 partial"));

        assertThat(report.summary()).isEqualTo("master restarted in place (redis-master-0): acknowledged writes lost:"
                + " 0 of 1072 (1000 preloaded); 80 writes attempted, 5 failed, 3 unconfirmed; write outage 1.4 s"
                + " (writes accepted again 1.5 s after the restart); replicas linked 3.9 s after the restart (2.4 s"
                + " after writes resumed); resync: 2 full, 0 partial");
        assertThat(report.subject().disruption()).isEqualTo("the restart");
    }

    @Test
    void eachFaultNamesItsDrillAndWhatHappened() {
        assertThat(Fault.DELETE.drill("master")).isEqualTo("master pod deleted");
        assertThat(Fault.DELETE.drill("replica")).isEqualTo("replica pod deleted");
        assertThat(Fault.FORCE_DELETE.drill("master")).isEqualTo("master pod force-deleted");
        assertThat(Fault.RESTART_IN_PLACE.drill("master")).isEqualTo("master restarted in place");
        assertThat(Fault.DELETE.happened("redis-master-0")).isEqualTo("pod redis-master-0 was deleted");
        assertThat(Fault.FORCE_DELETE.happened("redis-master-0"))
                .isEqualTo("pod redis-master-0 was force-deleted (grace period 0)");
        assertThat(Fault.RESTART_IN_PLACE.happened("redis-master-0"))
                .isEqualTo("the server in pod redis-master-0 was restarted in place (SHUTDOWN NOSAVE)");
        assertThat(Fault.RESTART_IN_PLACE.happened("redis-master-0", Duration.ofSeconds(10)))
                .isEqualTo(Fault.RESTART_IN_PLACE.happened("redis-master-0"));
        assertThat(Fault.HUNG.drill("master")).isEqualTo("master hung");
        assertThat(Fault.HUNG.noun()).isEqualTo("the stall");
        assertThat(Fault.HUNG.happened("redis-master-0", Duration.ofSeconds(10)))
                .isEqualTo("the server in pod redis-master-0 stopped answering for 10.0 s (CLIENT PAUSE 10000 ALL)");
        assertThat(Fault.HUNG.happened("redis-master-0"))
                .isEqualTo("the server in pod redis-master-0 stopped answering (CLIENT PAUSE ALL)");
    }

    @Test
    void aStageThatTimesOutNamesTheDisruptionTheStageAndWhatWasSeen() {
        Stages stages = new Stages("namespace ns", Duration.ofMillis(300));
        Disruption hung = new Disruption("redis-master-0", Fault.HUNG, Duration.ofSeconds(10), System.nanoTime());

        assertThatThrownBy(() -> stages.await(hung, "the server in pod redis-master-0 to answer again as a master",
                () -> "the same pod, its server not answering (timeout)", () -> false))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expecting the Redis HA stack in namespace ns to recover after the server in"
                        + " pod redis-master-0 stopped answering for 10.0 s (CLIENT PAUSE 10000 ALL): the server in pod"
                        + " redis-master-0 to answer again as a master within 0 s\nbut after ")
                .hasMessageEndingWith(": the same pod, its server not answering (timeout)");
    }

    @Test
    void aMasterThatCameBackEmptyAfterARestartInPlaceSaysSo() {
        List<String> before = List.of("k:preload:0", "k:preload:1");
        Map<String, List<String>> missing = Map.of("redis-master-0", before, "redis-slave-0", before);
        DrillReport report = new DrillReport(new Subject("master restarted in place", "master restarted in place",
                "namespace ns", "redis-master-0", "the restart"), new Writes(2, 10, 1, 0, 11, 0),
                new Losses(2, Map.of("redis-master-0", 2, "redis-slave-0", 2), 0),
                times(ms(900), ms(1000), ms(2000), Optional.empty()),
                new Masters("redis-master-0", "redis-master-0", "1 full, 0 partial"));

        String message = LossMessage.of(report, Fault.RESTART_IN_PLACE, missing, "redis-master-0",
                List.of("redis-slave-0"), 11, before, 0, NO_SETTINGS);

        assertThat(message).startsWith("Expecting the Redis HA stack in namespace ns to keep every acknowledged write"
                + " when the server in pod redis-master-0 was restarted in place (SHUTDOWN NOSAVE) (master restarted in"
                + " place)\nbut 2 of 11 acknowledged keys were missing afterwards; redis-master-0 came back empty"
                + " (without any of the 2 acknowledged before the restart) and the replicas resynced from it and lost"
                + " them too (missing on redis-master-0 2, redis-slave-0 2; first: [k:preload:0, k:preload:1])\n"
                + "master restarted in place (redis-master-0): acknowledged writes lost: 2 of 11")
                .doesNotContain("deleted");
    }

    @Test
    void writesLostAfterTheNewMasterWasPromotedAreSaidToHaveGoneToAFormerMaster() {
        DrillReport report = new DrillReport(new Subject("hung-master", "master hung (SIGSTOP), writes through the"
                + " application's workload", "namespace ns", "redis-master-0", "the stall"),
                new Writes(100, 400, 12, 3, 488, 0), new Losses(215, Map.of("redis-slave-0", 215), 0, 209),
                new Timeline(ms(9100), ms(9500), ms(14000), Optional.of(ms(8000)), ms(16000)),
                new Masters("redis-master-0", "redis-slave-0", "1 full, 0 partial"));

        assertThat(report.summary()).startsWith("master hung (SIGSTOP), writes through the application's workload"
                + " (redis-master-0): acknowledged writes lost: 215 of 488 (100 preloaded), missing on redis-slave-0"
                + " 215 (209 of them written after redis-slave-0 was promoted: the writer wrote to a server that was no"
                + " longer the master); 400 writes attempted");
        assertThat(ISOLATED.summary()).doesNotContain("promoted");
    }

    @Test
    void aDeletedPodsLossReadsAsBefore() {
        List<String> before = List.of("k:preload:0");
        DrillReport report = new DrillReport(deleted("master pod deleted", "redis-master-0"),
                new Writes(1, 10, 1, 0, 10, 0), new Losses(1, Map.of("redis-slave-1", 1), 0),
                times(ms(900), ms(1000), ms(2000), Optional.empty()),
                new Masters("redis-master-0", "redis-master-0", "1 full, 0 partial"));

        String message = LossMessage.of(report, Fault.DELETE, Map.of("redis-slave-1", before), "redis-master-0",
                List.of("redis-slave-0", "redis-slave-1"), 10, before, 3, NO_SETTINGS);

        assertThat(message).isEqualTo("Expecting the Redis HA stack in namespace ns to keep every acknowledged write"
                + " when pod redis-master-0 was deleted (master pod deleted)\nbut 1 of 10 acknowledged keys were"
                + " missing afterwards (missing on redis-slave-1 1; first: [k:preload:0]), more than the 3 tolerated\n"
                + "master pod deleted (redis-master-0): acknowledged writes lost: 1 of 10 (1 preloaded), missing on"
                + " redis-slave-1 1; 10 writes attempted, 1 failed, 0 unconfirmed; write outage 0.9 s (writes accepted"
                + " again 1.0 s after the delete); replicas linked 2.0 s after the delete (1.0 s after writes resumed);"
                + " resync: 1 full, 0 partial\n"
                + "drill master pod deleted: acknowledged writes lost: 1, split brain: 0.0 s, writes back after 1.0 s,"
                + " replicas re-linked after 2.0 s");
    }

    @Test
    void aDrillLineGivesTheLossTheSplitBrainAndTheRecoveryTimes() {
        DrillReport report = ISOLATED;

        assertThat(report.acknowledgedLost()).isEqualTo(31);
        assertThat(report.line()).isEqualTo("drill isolate-master: acknowledged writes lost: 31, split brain: 16.3 s,"
                + " writes back after 0.0 s, replicas re-linked after 24.3 s");
        assertThat(report.summary()).contains("split brain: two servers answered role:master at once for 16.3 s");
    }

    @Test
    void anIsolatedMastersLossNamesTheCauseAndTheSetting() {
        DrillReport report = ISOLATED;

        String message = LossMessage.of(report, Fault.ISOLATE, Map.of("cache-node-0", List.of("k:7", "k:8")),
                "cache-node-0", List.of("cache-node-1", "cache-node-2"), 1029, List.of(), 0,
                new MinReplicas(Optional.of(0), Optional.of(10)));

        assertThat(message).startsWith("Expecting the Redis HA stack in namespace ns to keep every write its master"
                + " acknowledged when the server in pod cache-node-1 was isolated from its replicas and Sentinels"
                + " (maxclients 1, their connections killed) (master isolated from its replicas and Sentinels,"
                + " Sentinels watching)\nbut 31 of 1060 acknowledged writes were missing afterwards; the cause:"
                + " cache-node-1 accepted writes while it was isolated from its replicas and Sentinels, the Sentinels"
                + " promoted cache-node-0, and when the isolation ended cache-node-1 was demoted to its replica and"
                + " resynced from it: the writes it had acknowledged were discarded; the master has"
                + " min-replicas-to-write 0: `min-replicas-to-write 1` with `min-replicas-max-lag 10` would have"
                + " refused them")
                .endsWith("\ndrill isolate-master: acknowledged writes lost: 31, split brain: 16.3 s, writes back after"
                        + " 0.0 s, replicas re-linked after 24.3 s");
        assertThat(new MinReplicas(Optional.of(1), Optional.of(30)).prevention()).isEqualTo("the master has"
                + " min-replicas-to-write 1 but min-replicas-max-lag 30 let it accept writes that long after its"
                + " replicas stopped acknowledging: a lower `min-replicas-max-lag` would have refused more of them");
    }

    /** A drill named by its description, in namespace ns, that deleted {@code pod}: its times count from the delete. */
    private static Subject deleted(String drill, String pod) {
        return new Subject(drill, drill, "namespace ns", pod, "the delete");
    }

    /** The recovery times of a drill without split brain. */
    private static Timeline times(Duration outage, Duration resumed, Duration linked, Optional<Duration> sentinels) {
        return new Timeline(outage, resumed, linked, sentinels, Duration.ZERO);
    }

    private static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }
}
