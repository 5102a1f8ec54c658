package io.github.redishajunit.drills;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redishajunit.drills.LagDrill.Sample;
import io.github.redishajunit.drills.LagReport.ReplicaLag;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The lag drill's figures from its samples, and its report's lines. */
class LagDrillTest {

    private static final long MS = 1_000_000;

    @Test
    void lagInBytesIsTheOffsetGapAndInMillisecondsTheTimeUntilTheReplicaReachedIt() {
        List<Sample> samples = List.of(
                new Sample(0, 1000, Map.of("r", 1000L)),
                new Sample(100 * MS, 5000, Map.of("r", 2000L)),
                new Sample(200 * MS, 9000, Map.of("r", 5000L)),
                new Sample(300 * MS, 9000, Map.of()),
                new Sample(400 * MS, 9000, Map.of("r", 9000L)));

        // bytes: 0, 3000, 4000, 0 (the sample without the replica left out); ms: 0, 100, 200, 100, 0
        assertThat(LagDrill.lag(samples, "r")).isEqualTo(new ReplicaLag(4000, 4000, 200, 200));
        assertThat(LagDrill.lag(samples, "other")).isEqualTo(new ReplicaLag(0, 0, 400, 400));
    }

    @Test
    void theReportSaysTheWorstLagAndHowOftenWaitKeptUp() {
        LagReport report = new LagReport("namespace ns", 1000, Duration.ofSeconds(10), 1024, 10000, 10000, 0,
                Map.of("redis-slave-0", new ReplicaLag(3072, 1024, 100, 100),
                        "redis-slave-1", new ReplicaLag(8192, 2048, 300, 200)), 50, 48, Duration.ofMillis(120));

        assertThat(report.line()).isEqualTo("drill lag: acknowledged writes lost: 0, split brain: 0.0 s, writes back"
                + " after 0.0 s, replicas re-linked after 0.0 s; lag max 8192 B / 300 ms, WAIT kept up 48 of 50");
        assertThat(report.summary()).isEqualTo("lag under load (1000 writes/s of 1024 B for 10.0 s): 10000 writes,"
                + " 10000 acknowledged by the master, 0 lost; redis-slave-0 max 3072 B / 100 ms, p99 1024 B / 100 ms;"
                + " redis-slave-1 max 8192 B / 300 ms, p99 2048 B / 200 ms; WAIT for every replica within 100 ms: 48"
                + " of 50 probes; replicas caught up 0.1 s after the load");
    }
}
