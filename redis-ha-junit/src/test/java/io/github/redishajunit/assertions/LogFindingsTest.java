package io.github.redishajunit.assertions;

import static io.github.redishajunit.RedisNode.Role.MASTER;
import static io.github.redishajunit.RedisNode.Role.REPLICA;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.redishajunit.Endpoint;
import io.github.redishajunit.RedisNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LogFindingsTest {

    private static final List<Endpoint> CAPTURED_REPLICAS =
            List.of(new Endpoint("127.0.0.1", 26381), new Endpoint("127.0.0.1", 26382));
    private static final LogRules OVERCOMMIT_ALLOWED = LogRules.defaults().allow(LogRules.MEMORY_OVERCOMMIT_WARNING);

    @Test
    void linkErrorsBeforeTheLastSuccessfulSyncAreRecoveredHistoryAndLaterOnesAreFindings() {
        String refused = "1:S 01 Dec 2026 08:00:01.000 # Error condition on socket for SYNC: Connection refused";
        List<String> restarted = List.of(
                "1:S 01 Dec 2026 08:00:00.000 * Connecting to MASTER redis-master-0.redis-headless:6379",
                refused,
                "1:S 01 Dec 2026 08:00:02.000 * Connecting to MASTER redis-master-0.redis-headless:6379",
                "1:S 01 Dec 2026 08:00:03.000 * MASTER <-> REPLICA sync: Finished with success");

        LogFindings recovered = LogScanner.scan("r", REPLICA, restarted, List.of(), LogRules.defaults());
        List<String> broken = new ArrayList<>(restarted);
        broken.add(refused.replace("08:00:01", "08:00:09"));
        LogFindings after = LogScanner.scan("r", REPLICA, broken, List.of(), LogRules.defaults());

        assertThat(recovered.findings()).isEmpty();
        assertThat(recovered.recovered()).extracting(LogFinding::line).containsExactly(refused);
        assertThat(after.findings()).extracting(LogFinding::kind).containsExactly("replication link error");
        assertThat(after.recovered()).hasSize(1);
    }

    @Test
    void fullResyncsOfARestartedReplicaAreRecoveredHistoryOnceItSyncedAndStayedConnected() {
        // captured from the default manifest's master after DrillsIT deleted redis-slave-1's pod three times
        List<String> restarts = log("redis-7.0.15/master-after-replica-restarts.log");
        List<Endpoint> replicas = List.of(new Endpoint("redis-slave-0.redis-headless", 6379),
                new Endpoint("redis-slave-1.redis-headless", 6379));
        LogFindings recovered = LogScanner.scan("redis-master-0", MASTER, restarts, replicas, replicas,
                LogRules.defaults());
        LogFindings offline = LogScanner.scan("redis-master-0", MASTER, restarts, replicas, List.of(replicas.get(0)),
                LogRules.defaults());
        List<String> lostAgain = new ArrayList<>(restarts);
        lostAgain.add("1:M 01 Dec 2026 11:27:00.000 # Connection with replica redis-slave-1.redis-headless:6379 lost.");
        LogFindings looping = LogScanner.scan("redis-master-0", MASTER, lostAgain, replicas, replicas,
                LogRules.defaults());

        assertThat(recovered.clean()).as("%s", recovered.findings()).isTrue();
        assertThat(recovered.recovered()).extracting(LogFinding::kind)
                .containsExactly("repeated full resync (3 requests by replica redis-slave-1.redis-headless:6379)");
        assertThat(looping.findings()).extracting(LogFinding::kind)
                .containsExactly("repeated full resync (3 requests by replica redis-slave-1.redis-headless:6379)");
        assertThat(offline.findings()).as("not online now").extracting(LogFinding::kind)
                .containsExactly("repeated full resync (3 requests by replica redis-slave-1.redis-headless:6379)");
    }

    @Test
    void valkeysPrimaryWordingCountsAsRecoveryToo() {
        String refused = "1:S 01 Dec 2026 08:00:01.000 # Error condition on socket for SYNC: Connection refused";
        String timeout = "1:S 01 Dec 2026 08:00:02.000 # Timeout connecting to the PRIMARY...";
        List<String> restarted = List.of(
                "1:S 01 Dec 2026 08:00:00.000 * Valkey version=8.1.1, bits=64, commit=00000000, modified=0, pid=1, just started",
                "1:S 01 Dec 2026 08:00:00.000 * Connecting to PRIMARY redis-master-0.redis-headless:6379",
                refused,
                timeout,
                "1:S 01 Dec 2026 08:00:03.000 * Connecting to PRIMARY redis-master-0.redis-headless:6379",
                "1:S 01 Dec 2026 08:00:04.000 * PRIMARY <-> REPLICA sync: Finished with success");
        List<String> partial = List.of(refused,
                "1:S 01 Dec 2026 08:00:03.000 * Connecting to PRIMARY redis-master-0.redis-headless:6379",
                "1:S 01 Dec 2026 08:00:04.000 * Successful partial resynchronization with primary.");

        LogFindings recovered = LogScanner.scan("r", REPLICA, restarted, List.of(), LogRules.defaults());
        List<String> broken = new ArrayList<>(restarted);
        broken.add(timeout.replace("08:00:02", "08:00:09"));

        assertThat(recovered.clean()).isTrue();
        assertThat(recovered.recovered()).extracting(LogFinding::line).containsExactly(refused, timeout);
        assertThat(LogScanner.scan("r", REPLICA, broken, List.of(), LogRules.defaults()).findings())
                .extracting(LogFinding::kind).containsExactly("replication link error");
        assertThat(LogScanner.scan("r", REPLICA, partial, List.of(), LogRules.defaults()).clean()).isTrue();
    }

    /** resource directory | the replicas the master synced. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            redis-8.0.2  | 26381, 26382
            valkey-8.1.1 | 26481, 26482
            """)
    void healthyRedis80AndValkey81LogsAreClean(String version, String replicaPorts) {
        List<Endpoint> replicas = Arrays.stream(replicaPorts.split(","))
                .map(port -> new Endpoint("127.0.0.1", Integer.parseInt(port.trim()))).toList();
        LogFindings master = LogScanner.scan("m", MASTER, log(version + "/master-healthy.log"), replicas,
                LogRules.defaults());
        LogFindings replica = LogScanner.scan("r", REPLICA, log(version + "/replica-healthy.log"), List.of(),
                LogRules.defaults());

        // captured with vm.overcommit_memory=1: not even the overcommit warning; Redis 8.0's two requests for one
        // sync over its RDB channel are one, not a repeated full resync
        assertThat(master.findings()).isEmpty();
        assertThat(master.missing()).isEmpty();
        assertThat(replica.findings()).isEmpty();
        assertThat(replica.missing()).isEmpty();
        assertThat(replica.recovered()).isEmpty();
    }

    @Test
    void aValkeyReplicaMissesItsLinesInItsOwnWording() {
        LogFindings valkey = LogScanner.scan("r", REPLICA, log("valkey-8.1.1/replica-unwritable-dir.log"), List.of(),
                LogRules.defaults());
        LogFindings bannerless = LogScanner.scan("r", REPLICA, List.of(), List.of(), LogRules.defaults());

        assertThat(valkey.missing()).extracting(MissingLogMarker::marker)
                .containsExactly("PRIMARY <-> REPLICA sync: Finished with success");
        assertThat(bannerless.missing()).extracting(MissingLogMarker::marker)
                .containsExactly("Connecting to MASTER", "MASTER <-> REPLICA sync: Finished with success");
    }

    @Test
    void healthyRedis70LogsHaveEveryMarkerAndOnlyTheOvercommitWarning() {
        LogFindings master = LogScanner.scan("m", MASTER, log("redis-7.0.15/master-healthy.log"), CAPTURED_REPLICAS,
                LogRules.defaults());
        LogFindings replica = LogScanner.scan("r", REPLICA, log("redis-7.0.15/replica-healthy.log"), List.of(),
                LogRules.defaults());

        assertThat(master.missing()).isEmpty();
        assertThat(replica.missing()).isEmpty();
        assertThat(master.findings()).extracting(LogFinding::kind).containsExactly("memory overcommit warning");
        assertThat(master.findings().get(0).line()).startsWith("9564:M 25 Nov 2026 12:40:08.957 # WARNING Memory overcommit");
        assertThat(replica.findings()).extracting(LogFinding::kind).containsExactly("memory overcommit warning");
    }

    @Test
    void healthyRedis70LogsAreCleanOnceTheOvercommitWarningIsAllowed() {
        assertThat(LogScanner.scan("m", MASTER, log("redis-7.0.15/master-healthy.log"), CAPTURED_REPLICAS,
                OVERCOMMIT_ALLOWED).clean()).isTrue();
        assertThat(LogScanner.scan("r", REPLICA, log("redis-7.0.15/replica-healthy.log"), List.of(),
                OVERCOMMIT_ALLOWED).clean()).isTrue();
    }

    @Test
    void healthyRedis72LogsSatisfyTheSamePatterns() {
        LogFindings master = LogScanner.scan("m", MASTER, log("redis-7.2.6/master-healthy.log"),
                List.of(new Endpoint("127.0.0.1", 16386)), LogRules.defaults());
        LogFindings replica = LogScanner.scan("r", REPLICA, log("redis-7.2.6/replica-healthy.log"), List.of(),
                LogRules.defaults());

        assertThat(master.missing()).isEmpty();
        assertThat(replica.missing()).isEmpty();
        // 7.2 logs the overcommit warning as the pre-init child (C), before "Redis is starting"
        assertThat(master.findings()).singleElement().satisfies(finding -> {
            assertThat(finding.kind()).isEqualTo("memory overcommit warning");
            assertThat(finding.line()).startsWith("101:C ");
        });
        assertThat(LogScanner.scan("m", MASTER, log("redis-7.2.6/master-healthy.log"),
                List.of(new Endpoint("127.0.0.1", 16386)), OVERCOMMIT_ALLOWED).clean()).isTrue();
        assertThat(LogScanner.scan("r", REPLICA, log("redis-7.2.6/replica-healthy.log"), List.of(),
                OVERCOMMIT_ALLOWED).clean()).isTrue();
    }

    /** resource | role | kind | fragment of the offending line. */
    private static final String FORBIDDEN_LINES = """

            redis-7.0.15/replica-master-refused.log     | REPLICA | replication link error          | Error condition on socket for SYNC: Connection refused
            redis-7.0.15/replica-handshake-timeout.log | REPLICA | replication link error          | # Timeout connecting to the MASTER...
            redis-7.0.15/replica-unwritable-dir.log    | REPLICA | permission denied               | # Opening the temp file needed for MASTER <-> REPLICA synchronization: Permission denied
            redis-7.0.15/master-bgsave-error.log       | MASTER  | MISCONF                         | # Background saving error
            redis-7.0.15/master-bgsave-error.log       | MASTER  | persistence failure             | # Failed opening the temp RDB file temp-12168.rdb (in server root dir /tmp/cap/ro) for saving: Permission denied
            redis-7.0.15/master-bgsave-error.log       | MASTER  | persistence failure             | # Error trying to save the DB, can't exit.
            redis-7.0.15/replica-security-attack.log   | REPLICA | security warning                | # Possible SECURITY ATTACK detected. It looks like somebody is sending POST or Host: commands to Redis.
            redis-7.0.15/master-repeated-full-resync.log | MASTER | repeated full resync (4 requests by replica 127.0.0.1:26383) | * Full resync requested by replica 127.0.0.1:26383
            from-notes/somaxconn.log                   | MASTER  | somaxconn (TCP backlog) warning | # WARNING: The TCP backlog setting of 8192 cannot be enforced
            from-notes/transparent-huge-pages.log      | MASTER  | transparent huge pages warning  | # WARNING You have Transparent Huge Pages (THP) support enabled
            from-notes/aof-dir-permission.log          | MASTER  | persistence failure             | # Can't open or create append-only dir appendonlydir: Permission denied
            from-notes/cron-dir.log                    | MASTER  | persistence failure             | # Failed opening the RDB file crontab (in server root dir /etc/cron.d)
            from-notes/wrong-masterauth.log            | REPLICA | replication link error          | # Unable to AUTH to MASTER: -WRONGPASS
            from-notes/missing-masterauth.log          | REPLICA | replication link error          | # MASTER aborted replication with an error: NOAUTH Authentication required.
            from-notes/missing-masterauth.log          | REPLICA | replication link error          | # Unexpected reply to PSYNC from master: -NOAUTH Authentication required.
            redis-8.0.2/replica-master-refused.log     | REPLICA | replication link error          | Error condition on socket for SYNC: Connection refused
            redis-8.0.2/replica-handshake-timeout.log  | REPLICA | replication link error          | # Timeout connecting to the MASTER...
            redis-8.0.2/replica-unwritable-dir.log     | REPLICA | permission denied               | # Opening the temp file needed for MASTER <-> REPLICA synchronization: Permission denied
            redis-8.0.2/master-repeated-full-resync.log | MASTER | repeated full resync (3 requests by replica 127.0.0.1:26383) | * Full resync requested by replica 127.0.0.1:26383
            valkey-8.1.1/replica-master-refused.log    | REPLICA | replication link error          | Error condition on socket for SYNC: Connection refused
            valkey-8.1.1/replica-handshake-timeout.log | REPLICA | replication link error          | # Timeout connecting to the PRIMARY...
            valkey-8.1.1/replica-unwritable-dir.log    | REPLICA | permission denied               | # Opening the temp file needed for PRIMARY <-> REPLICA synchronization: Permission denied
            valkey-8.1.1/master-repeated-full-resync.log | MASTER | repeated full resync (3 requests by replica 127.0.0.1:26483) | * Full resync requested by replica 127.0.0.1:26483
            """;

    @TestFactory
    Stream<DynamicTest> findsEachForbiddenLine() {
        return FORBIDDEN_LINES.lines().filter(row -> !row.isBlank()).map(row -> row.split("\\|")).map(cells -> {
            String resource = cells[0].trim();
            RedisNode.Role role = RedisNode.Role.valueOf(cells[1].trim());
            String kind = cells[2].trim();
            String fragment = cells[3].trim();
            return DynamicTest.dynamicTest(resource + ": " + kind, () -> {
                LogFindings scan = LogScanner.scan("node-0", role, log(resource), List.of(), LogRules.defaults());

                assertThat(scan.findings())
                        .filteredOn(finding -> finding.kind().equals(kind) && finding.line().contains(fragment))
                        .as("findings of %s", resource)
                        .isNotEmpty()
                        .allSatisfy(finding -> assertThat(finding.node()).isEqualTo("node-0"));
            });
        });
    }

    @Test
    void aFullResyncPerReplicaIsNotRepeatedOn70() {
        LogFindings scan = LogScanner.scan("m", MASTER, log("redis-7.0.15/master-healthy.log"), CAPTURED_REPLICAS,
                OVERCOMMIT_ALLOWED);

        assertThat(scan.findings()).isEmpty();
    }

    @Test
    void ignoresLinesNotInRedisFormat() {
        LogFindings scan = LogScanner.scan("m", MASTER, log("from-notes/not-redis-format.log"), List.of(),
                LogRules.defaults());

        assertThat(scan.findings()).isEmpty();
        assertThat(scan.missing()).extracting(MissingLogMarker::marker).containsExactly("Ready to accept connections");
    }

    @Test
    void allowedMessagesAreNoFindings() {
        LogRules rules = LogRules.defaults().allow(Pattern.compile("^Error condition on socket for SYNC"));

        LogFindings scan = LogScanner.scan("r", REPLICA, log("redis-7.0.15/replica-master-refused.log"), List.of(),
                rules.allow(LogRules.MEMORY_OVERCOMMIT_WARNING));

        assertThat(scan.findings()).isEmpty();
    }

    @Test
    void reportsMissingMarkersPerNode() {
        LogFindings master = LogScanner.scan("redis-master-0", MASTER, log("redis-7.0.15/master-healthy.log"),
                List.of(new Endpoint("127.0.0.1", 26381), new Endpoint("10.244.0.12", 6379)), OVERCOMMIT_ALLOWED);
        LogFindings replica = LogScanner.scan("redis-slave-1", REPLICA, log("redis-7.0.15/replica-unwritable-dir.log"),
                List.of(), OVERCOMMIT_ALLOWED);
        LogFindings empty = LogScanner.scan("redis-slave-0", REPLICA, List.of(), List.of(), LogRules.defaults());

        assertThat(master.missing()).containsExactly(
                new MissingLogMarker("redis-master-0", "Synchronization with replica 10.244.0.12:6379 succeeded"));
        assertThat(replica.missing()).containsExactly(
                new MissingLogMarker("redis-slave-1", "MASTER <-> REPLICA sync: Finished with success"));
        assertThat(empty.missing()).extracting(MissingLogMarker::marker)
                .containsExactly("Connecting to MASTER", "MASTER <-> REPLICA sync: Finished with success");
    }

    @Test
    void aPartialResynchronizationCountsAsACompletedSync() {
        List<String> lines = new ArrayList<>();
        lines.add("1:M 01 Jan 2025 10:00:00.000 * Ready to accept connections tcp");
        lines.add("1:M 01 Jan 2025 10:00:01.000 * Partial resynchronization request from 127.0.0.1:26381 accepted."
                + " Sending 0 bytes of backlog starting from offset 3604.");

        LogFindings scan = LogScanner.scan("m", MASTER, lines, List.of(new Endpoint("127.0.0.1", 26381)),
                LogRules.defaults());

        assertThat(scan.clean()).isTrue();
    }

    static List<String> log(String resource) {
        try (InputStream in = LogFindingsTest.class.getResourceAsStream("/logs/" + resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource /logs/" + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
