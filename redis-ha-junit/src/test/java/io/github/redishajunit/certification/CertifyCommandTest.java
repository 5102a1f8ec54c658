package io.github.redishajunit.certification;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherFactory;

/** The certify command's options and usage errors (exit code 2 and the message, and no step run). */
class CertifyCommandTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int certify(String... args) {
        return CertifyCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void optionsTakeTheirValueAfterAnEqualsSignAsWell() {
        CertifyOptions joined = parse("--namespace=ns", "--drills=lag,force-delete", "--json=r.json", "--selector=app"
                + " in (redis),tier!=cache", "--password-env=-REDIS_PW");
        CertifyOptions apart = parse("--namespace", "ns", "--drills", "lag,force-delete", "--json", "r.json",
                "--selector", "app in (redis),tier!=cache");

        assertThat(joined.given()).containsEntry("redis.ha.namespace", "ns")
                .containsEntry("redis.ha.drills", "force-delete,lag")
                .containsEntry("redis.ha.selector", "app in (redis),tier!=cache")
                .containsEntry("redis.ha.passwordEnv", "-REDIS_PW");
        assertThat(joined.json()).isEqualTo(apart.json());
        assertThat(joined.drills()).isEqualTo(apart.drills());
    }

    @Test
    void aFlagGivenAValueOrAnUnknownOptionIsBadUsage() {
        assertThat(certify("--namespace", "ns", "--strict=true")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("certify: --strict takes no value, but was given"
                + " '--strict=true' (fix: --strict alone)");
        err.reset();
        assertThat(certify("--namespace", "ns", "--colour=red")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("certify: unknown argument '--colour'");
    }

    @Test
    void versionPrintsTheLibrarysVersionAndRunsNothing() {
        assertThat(certify("--version")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).matches("redis-ha-junit \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\R");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void drillsAloneAskForTheDefaultDrillsAndAreLeftOutWithoutIt() {
        CertifyOptions atTheEnd = parse("--namespace", "ns", "--drills");
        CertifyOptions beforeAnOption = parse("--drills", "--namespace", "ns");
        CertifyOptions beforeAShortOption = parse("--drills", "-n", "ns");
        CertifyOptions without = parse("--namespace", "ns");

        for (CertifyOptions with : List.of(atTheEnd, beforeAnOption, beforeAShortOption)) {
            assertThat(with.drills().drills()).containsExactly("pod-delete");
            assertThat(with.configurationParameters(dir)).containsEntry("redis.ha.drills", "true")
                    .containsEntry("redis.ha.namespace", "ns");
        }
        assertThat(without.drills().isEmpty()).isTrue();
        assertThat(without.configurationParameters(dir)).doesNotContainKey("redis.ha.drills");
        assertThat(CertifyOptions.USAGE).contains("--drills [LIST]", "pod-delete", "force-delete",
                "restart-in-place", "hung-master", "CLIENT PAUSE ALL", "cold-start", "all ");
    }

    @Test
    void drillsWithAListAskForThoseDrills() {
        CertifyOptions options = parse("--drills", "restart-in-place,force-delete", "--namespace", "ns");
        CertifyOptions all = parse("--namespace", "ns", "--drills", "all");

        assertThat(options.drills().drills()).containsExactly("force-delete", "restart-in-place");
        assertThat(options.configurationParameters(dir)).containsEntry("redis.ha.drills",
                "force-delete,restart-in-place");
        assertThat(all.configurationParameters(dir)).containsEntry("redis.ha.drills",
                "pod-delete,force-delete,restart-in-place,hung-master,cold-start,isolate-master,lag,sentinel-quorum,"
                        + "node-loss");
    }

    @Test
    void anUnknownDrillIsBadUsageNamingTheValueTheKnownDrillsAndTheFix() {
        int code = certify("--namespace", "redis", "--drills", "pod-delet");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("certify: --drills \"pod-delet\" is invalid:"
                + " unknown drill pod-delet (known: pod-delete, force-delete, restart-in-place, hung-master,"
                + " cold-start, isolate-master, lag, sentinel-quorum, node-loss, all)"
                + " (fix: name drills from that list separated by commas, e.g. --drills force-delete,restart-in-place,"
                + " or give --drills"
                + " alone for pod-delete)" + System.lineSeparator() + "usage: certify");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void anEmptyDrillListIsBadUsage() {
        int code = certify("--namespace", "redis", "--drills", "force-delete,");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("certify: --drills \"force-delete,\" is"
                + " invalid: an empty drill name (known: pod-delete, force-delete, restart-in-place, hung-master,"
                + " cold-start, isolate-master, lag, sentinel-quorum, node-loss, all)");
    }

    @Test
    void theStepsOfDrillsNotAskedForAreLeftOutOfTheRun() {
        assertThat(steps()).noneMatch(step -> step.contains("drill"))
                .contains("1. replication: one master, every replica linked to it and in sync");
        assertThat(steps("--drills")).filteredOn(step -> step.contains("drill:")).containsExactly(
                "7. drill: the master pod deleted under write load, every acknowledged write kept",
                "8. drill: a replica pod deleted under write load, it re-links and has every acknowledged write");
        assertThat(steps("--drills", "force-delete,restart-in-place")).filteredOn(step -> step.contains("drill:"))
                .containsExactly("9. drill: the master pod force-deleted (grace period 0) under write load, every"
                        + " acknowledged write kept", "10. drill: the master restarted in place (SHUTDOWN NOSAVE)"
                        + " under write load, every acknowledged write kept");
        assertThat(steps("--drills", "cold-start,hung-master")).filteredOn(step -> step.contains("drill:"))
                .containsExactly("11. drill: the master hung (CLIENT PAUSE ALL for 10 s) under write load, every"
                        + " acknowledged write kept", "12. drill: every pod deleted at once (cold start), one master"
                        + " afterwards, every acknowledged write kept");
        assertThat(steps("--drills", "all")).filteredOn(step -> step.contains("drill:")).hasSize(10);
        String after = "16. after the drills: one master, every replica linked, writes propagate and are acknowledged";
        assertThat(steps("--drills", "lag")).endsWith(after);
        assertThat(steps()).doesNotContain(after);
    }

    private static CertifyOptions parse(String... args) {
        return CertifyOptions.parse(args);
    }

    /** The display names of the steps a run with these options (and --namespace ns) discovers, in order. */
    private List<String> steps(String... drills) {
        List<String> args = new ArrayList<>(List.of("--namespace", "ns"));
        args.addAll(List.of(drills));
        TestPlan plan = LauncherFactory.create()
                .discover(CertifyCommand.request(parse(args.toArray(String[]::new)), dir));
        List<String> steps = new ArrayList<>();
        plan.getRoots().forEach(root -> plan.getDescendants(root).stream().filter(TestIdentifier::isTest)
                .map(TestIdentifier::getDisplayName).forEach(steps::add));
        return steps;
    }

    @Test
    void aContextTheKubeconfigDoesNotHaveIsBadUsage() throws Exception {
        Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), """
                apiVersion: v1
                kind: Config
                clusters:
                  - name: a
                    cluster:
                      server: https://a.example:6443
                  - name: b
                    cluster:
                      server: https://b.example:6443
                contexts:
                  - name: a
                    context:
                      cluster: a
                      user: u
                  - name: b
                    context:
                      cluster: b
                      user: u
                current-context: b
                users:
                  - name: u
                    user:
                      token: not-a-secret
                """);

        int code = certify("--namespace", "redis", "--kubeconfig", kubeconfig.toString(), "--context", "nosuch",
                "--reports", dir.resolve("reports").toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("certify: @RedisHACluster configuration parameter"
                + " redis.ha.context = \"nosuch\" is invalid: kubeconfig " + kubeconfig + " has no context nosuch (its"
                + " contexts: a, b) (fix: set it to one of them, or unset it to use the current context b)"
                + System.lineSeparator());
        assertThat(out.toString(StandardCharsets.UTF_8)).as("stdout")
                .contains("FAIL Redis HA certification (no step could run)")
                .doesNotContain("PASS")
                .contains("certification: 0 passed, 1 failed");
    }

    @Test
    void aKubeconfigThatIsNotAFileIsBadUsage() {
        Path missing = dir.resolve("missing");

        int code = certify("--namespace", "redis", "--kubeconfig", missing.toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("certify: @RedisHACluster kubeconfig from"
                + " configuration parameter redis.ha.kubeconfig = \"" + missing + "\" is invalid: " + missing + " is not a file (point it at a"
                + " kubeconfig, or unset it to use KUBECONFIG / ~/.kube/config)" + System.lineSeparator());
    }

    @Test
    void aKubeconfigThatIsNotYamlIsBadUsageNamingTheFile() throws Exception {
        Path notYaml = Files.writeString(dir.resolve("notes.txt"), "this is not a kubeconfig: [\n");

        int code = certify("--namespace", "redis", "--kubeconfig", notYaml.toString(), "--reports",
                dir.resolve("reports").toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("certify: @RedisHACluster configuration parameter"
                + " redis.ha.kubeconfig = \"" + notYaml + "\" is invalid: " + notYaml + " cannot be read as a kubeconfig (")
                .contains("(fix: point it at a kubeconfig YAML file, such as the one kubectl uses)");
    }

    @Test
    void anUnsetPasswordVariableIsBadUsageNamingIt() {
        int code = certify("--namespace", "redis", "--password-env", "RHA_TEST_SURELY_UNSET_VARIABLE");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("certify: --password-env"
                + " RHA_TEST_SURELY_UNSET_VARIABLE names an environment variable that is not set or empty (fix: export"
                + " RHA_TEST_SURELY_UNSET_VARIABLE with the password, or name its Secret with --password-secret"
                + " NAME[:KEY])" + System.lineSeparator());
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void inClusterWithAPasswordVariableOrWithProvisionIsBadUsage() {
        assertThat(certify("--namespace", "redis", "--in-cluster", "--password-env", "HOME")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--password-env reads this process's environment,"
                + " which the in-cluster run does not have (fix: name the Secret with --password-secret NAME[:KEY]");
        assertThat(certify("--namespace", "redis", "--in-cluster", "--tls-ca-file", "/etc/hostname")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--tls-ca-file names a file of this machine, which"
                + " the in-cluster run does not have (fix: name the Secret with --tls-ca-secret NAME[:KEY] or"
                + " --tls-client-secret NAME)");
        assertThat(certify("--provision", "--in-cluster")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--in-cluster certifies a deployed stack: give"
                + " --namespace NS, not --provision");
        assertThat(certify("--namespace", "redis", "--service-account", "x")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--service-account only applies with --in-cluster");
        assertThat(certify("--namespace", "redis", "--in-cluster", "--drills", "node-loss", "--node-outage-command",
                "scripts/local-cluster node")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--node-outage-command runs on this machine, which"
                + " the in-cluster run is not (fix: run the node-loss drill without --in-cluster)");
    }

    @Test
    void embeddedWithoutProvisionIsBadUsage() {
        int code = certify("--namespace", "redis", "--embedded");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("certify: --embedded only applies with --provision"
                + " (a fresh embedded K3s has no stack to attach to)" + System.lineSeparator() + "usage: certify");
    }

    @Test
    void aK3sPrivilegedThatIsNoBooleanIsBadUsage() {
        int code = certify("--provision", "--embedded", "--k3s-privileged", "off", "--reports",
                dir.resolve("reports").toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("certify: @RedisHACluster k3sPrivileged from"
                + " configuration parameter redis.ha.k3sPrivileged = \"off\" is invalid: k3sPrivileged must be true or"
                + " false (false starts the embedded K3s with every capability but SYS_RESOURCE instead of privileged"
                + " mode)" + System.lineSeparator());
    }
}
