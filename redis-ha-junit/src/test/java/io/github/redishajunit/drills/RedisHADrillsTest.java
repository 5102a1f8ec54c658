package io.github.redishajunit.drills;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.github.redishajunit.HACluster;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The drills' bounds and their one-line report, without a cluster (the drills themselves run in DrillsIT). */
class RedisHADrillsTest {

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
        assertThat(drills.writesPerSecond(10).preloadedKeys(0).within(Duration.ofMinutes(2)).toleratingLostWrites(5))
                .isNotNull();
    }

    @Test
    void aMasterDrillSaysWhatWasLostTheOutageAndTheRelink() {
        DrillReport report = new DrillReport("master pod deleted", "namespace ns", "redis-master-0", 1000, 60, 4, 10,
                1045, 3, Map.of("redis-slave-1", 3, "redis-master-0", 1), 2, Duration.ofMillis(2600),
                Duration.ofMillis(2800), Duration.ofMillis(9100), Optional.empty(), "redis-master-0", "redis-master-0",
                "2 full, 0 partial");

        assertThat(report.summary()).isEqualTo("master pod deleted (redis-master-0): acknowledged writes lost: 3 of"
                + " 1045 (1000 preloaded), missing on redis-master-0 1, redis-slave-1 3; 60 writes attempted, 4 failed,"
                + " 10 unconfirmed (2 of them lost); write outage 2.6 s (writes accepted again 2.8 s after the delete);"
                + " replicas linked 9.1 s after the delete (6.3 s after writes resumed); resync: 2 full, 0 partial");
        assertThat(report.relinkAfterWrites()).isEqualTo(Duration.ofMillis(6300));
    }

    @Test
    void aFailoverNamesTheNewMasterAndTheOldOneRejoining() {
        DrillReport report = new DrillReport("master pod deleted, Sentinel failover", "namespace ns", "cache-node-1",
                1000, 47, 6, 13, 1028, 0, Map.of(), 0, Duration.ofMillis(7200), Duration.ofMillis(7800),
                Duration.ofMillis(17300), Optional.of(Duration.ofMillis(10300)), "cache-node-1", "cache-node-0",
                "1 full, 1 partial");

        assertThat(report.summary()).contains("acknowledged writes lost: 0 of 1028 (1000 preloaded); 47 writes",
                "every Sentinel named cache-node-0 10.3 s after the delete",
                "master cache-node-1 -> cache-node-0 (cache-node-1 rejoined as a replica)",
                "replicas linked 17.3 s after the delete (9.5 s after writes resumed)");
    }

    @Test
    void aReplicaDrillWithoutFailedWritesSaysSo() {
        DrillReport report = new DrillReport("replica pod deleted", "namespace ns", "redis-slave-0", 1000, 47, 0, 17,
                1030, 0, Map.of(), 0, Duration.ZERO, Duration.ZERO, Duration.ofMillis(10200), Optional.empty(),
                "redis-master-0", "redis-master-0", "1 full, 0 partial");

        assertThat(report.summary()).isEqualTo("replica pod deleted (redis-slave-0): acknowledged writes lost: 0 of"
                + " 1030 (1000 preloaded); 47 writes attempted, 0 failed, 17 unconfirmed; no write failed; replicas"
                + " linked 10.2 s after the delete; resync: 1 full, 0 partial");
    }
}
