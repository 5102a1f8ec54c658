package io.github.redishajunit.assertions;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redishajunit.localredis.LocalRedis;
import io.github.redishajunit.localredis.LocalRedis.RedisTrio;
import io.github.redishajunit.localredis.LocalRedisExtension;
import io.github.redishajunit.localredis.LocalServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Step 4b's masterauth finding over real servers: a node whose {@code masterauth} is unset or differs from the
 * password clients use replicates today but cannot follow a new master after a failover; the finding names it and
 * never shows a password.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(LocalServer.class)
@ExtendWith(LocalRedisExtension.class)
class MasterauthCheckTest {

    private static final String PASSWORD = "pw-for-masterauth-test";
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @Parameter
    LocalServer server;

    private RedisTrio trio(LocalRedis redis, List<String> masterArgs) {
        return redis.startTrio(server, masterArgs, List.of("--requirepass", PASSWORD, "--masterauth", PASSWORD),
                builder -> builder.password(PASSWORD.toCharArray()));
    }

    @Test
    void everyNodesMasterauthMatchingPasses(LocalRedis redis) {
        RedisTrio trio = trio(redis, List.of("--requirepass", PASSWORD, "--masterauth", PASSWORD));

        Verdict<AuthResult> verdict = new AuthCheck(trio.topology(), TIMEOUT).run();

        assertThat(verdict.passed()).as("%s", verdict.failures()).isTrue();
        assertThat(verdict.result().masterauth()).hasSize(3).allSatisfy((node, finding) ->
                assertThat(finding).isEqualTo("matches"));
    }

    @Test
    void withoutSentinelsAMasterWithoutMasterauthIsAWarningNotAFailure(LocalRedis redis) {
        // valkey-helm's shape: pod 0 is the master for good, only the replicas are given a masterauth
        RedisTrio none = trio(redis, List.of("--requirepass", PASSWORD));

        Verdict<AuthResult> verdict = new AuthCheck(none.topology(), TIMEOUT).run();

        assertThat(verdict.passed()).as("%s", verdict.failures()).isTrue();
        assertThat(verdict.result().warning()).hasValueSatisfying(warning -> assertThat(warning)
                .isEqualTo(none.topology().master().describe() + " has no masterauth: nothing in the stack fails over"
                        + " on its own (no Sentinels), so it stays the master; a failover by hand or by an operator"
                        + " must set masterauth on it before demoting it")
                .doesNotContain(PASSWORD));
        assertThat(verdict.result().masterauth().values()).filteredOn("matches"::equals).hasSize(2);
    }

    @Test
    void withSentinelsAMasterWithoutMasterauthOrWithAnotherOneIsAFindingNamingIt(LocalRedis redis) {
        RedisTrio none = trio(redis, List.of("--requirepass", PASSWORD));
        Verdict<AuthResult> missing = new AuthCheck(redis.withSentinels(none, 1, Duration.ofMinutes(1)), TIMEOUT)
                .run();
        assertThat(missing.passed()).isFalse();
        assertThat(missing.result().warning()).isEmpty();
        String message = missing.failures().get(0).create();
        assertThat(message)
                .contains("to have on every node a masterauth equal to the password its clients log in with")
                .contains("but " + none.topology().master().describe() + " has no masterauth: once demoted by a"
                        + " failover it cannot authenticate to the new master")
                .contains("(replicas cannot re-authenticate after a failover: set masterauth to the requirepass"
                        + " password on every node)")
                .doesNotContain(PASSWORD);

        RedisTrio other = trio(redis, List.of("--requirepass", PASSWORD, "--masterauth", "another-one"));
        Verdict<AuthResult> differs = new AuthCheck(redis.withSentinels(other, 1, Duration.ofMinutes(1)), TIMEOUT)
                .run();
        assertThat(differs.failures()).hasSize(1);
        assertThat(differs.failures().get(0).create())
                .contains(other.topology().master().describe() + " has a masterauth that differs from the password"
                        + " clients log in with")
                .doesNotContain(PASSWORD, "another-one");
        assertThat(differs.result().masterauth().values()).filteredOn("matches"::equals).hasSize(2);
    }

    @Test
    void aMasteruserOfItsOwnIsCheckedByLoggingInOnTheMasterAsThatUser(LocalRedis redis) {
        // clients log in as the default user; replication as an ACL user of its own (valkey-helm's masteruser)
        List<String> sync = List.of("--user", "sync", "on", ">sync-only-pw", "-@all", "+psync", "+replconf", "+ping",
                "--masteruser", "sync");
        List<String> replicas = new java.util.ArrayList<>(List.of("--requirepass", PASSWORD, "--masterauth",
                "sync-only-pw"));
        replicas.addAll(sync);
        List<String> master = new java.util.ArrayList<>(List.of("--requirepass", PASSWORD, "--masterauth",
                "not-syncs-pw"));
        master.addAll(sync);
        RedisTrio trio = redis.startTrio(server, master, replicas, builder -> builder.password(PASSWORD.toCharArray()));

        // with a Sentinel the master may be demoted: its masterauth counts as every node's
        Verdict<AuthResult> verdict = new AuthCheck(redis.withSentinels(trio, 1, Duration.ofMinutes(1)), TIMEOUT)
                .run();

        assertThat(verdict.result().masterauth().get(trio.topology().replicas().get(0).describe()))
                .isEqualTo("its masteruser sync logs in on the master with its masterauth");
        assertThat(verdict.failures()).hasSize(1);
        assertThat(verdict.failures().get(0).create())
                .contains(trio.topology().master().describe() + " has a masterauth with which its masteruser sync"
                        + " cannot log in on the master (")
                .doesNotContain(PASSWORD, "sync-only-pw", "not-syncs-pw");
    }
}
