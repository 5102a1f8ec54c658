package io.github.redishajunit.certification;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The certify command's usage errors: exit code 2 and the message, and no step run. */
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
    void drillsAreAFlagThatSetsTheirParameterAndAreLeftOutWithoutIt() {
        CertifyCommand.Options with = CertifyCommand.Options.parse(new String[] {"--namespace", "ns", "--drills"});
        CertifyCommand.Options without = CertifyCommand.Options.parse(new String[] {"--namespace", "ns"});

        assertThat(with.drills()).isTrue();
        assertThat(with.configurationParameters(dir)).containsEntry("redis.ha.drills", "true");
        assertThat(without.drills()).isFalse();
        assertThat(without.configurationParameters(dir)).doesNotContainKey("redis.ha.drills");
        assertThat(CertifyCommand.USAGE).contains("--drills");
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
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("certify: @RedisHACluster configuration parameter"
                + " redis.ha.kubeconfig = \"" + missing + "\" is invalid: " + missing + " is not a file (point it at a"
                + " kubeconfig, or unset it to use KUBECONFIG / ~/.kube/config)" + System.lineSeparator());
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
