package io.github.redishajunit.example.failover;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redishajunit.HACluster;
import io.github.redishajunit.drills.DrillReport;
import io.github.redishajunit.drills.RedisHADrills;
import io.github.redishajunit.drills.Workload;
import org.junit.jupiter.api.Test;

/**
 * The failovers every client example goes through, with the application's own writes as the drills' load: the
 * master's pod deleted, and the master hung (its clients stalled) until the Sentinels promote another server. Each
 * prints the drill's line and its summary: what the application saw acknowledged, unconfirmed and failed, how long
 * its writes failed, and every write it saw acknowledged that the stack lost (none after a pod delete, or the test
 * fails; after a hung master, what the client's way of following the Sentinels costs).
 */
abstract class FailoverDrills {

    private static final int PRELOADED = 100;

    /** The run's Sentinel stack, as the example's {@code @RedisHACluster} field holds it. */
    abstract HACluster redis();

    /** One write of the application, through its own client. */
    abstract Workload workload();

    @Test
    void theMastersPodDeleted() {
        DrillReport report = drills().masterPodDeleted();
        print(report);

        assertThat(report.acknowledgedLost()).isZero();
        // the Sentinels promote another server, unless the pod is back before they count it down (5 s)
        assertThat(report.writes().acknowledged()).as("writes the application saw acknowledged, past the preload")
                .isGreaterThan(PRELOADED);
    }

    @Test
    void theMasterHung() {
        // what the hung master acknowledges before the Sentinels demote it goes with the failover: a client that
        // follows their +switch-master at once (Lettuce's MasterReplica, Jedis's pool, Redisson) loses what the
        // master took as it stalled, a few writes; one that keeps its connection to the old master until it is
        // demoted (Spring Data Redis's default Lettuce connection) loses what it wrote there meanwhile. The test
        // shows what this application loses; it fails only when its writes do not come back
        DrillReport report = drills().toleratingLostWrites(Integer.MAX_VALUE).masterHung();
        print(report);

        assertThat(report.writes().acknowledged()).isGreaterThan(PRELOADED);
        assertThat(report.timeline().sentinelsAgreed()).as("the Sentinels agreed on a master again").isPresent();
    }

    private RedisHADrills drills() {
        return RedisHADrills.on(redis()).preloadedKeys(PRELOADED).workload(workload());
    }

    private void print(DrillReport report) {
        String client = getClass().getSimpleName().replace("FailoverIT", "");
        System.out.println(client + ": " + report.line());
        System.out.println(client + ": " + report.summary());
    }
}
