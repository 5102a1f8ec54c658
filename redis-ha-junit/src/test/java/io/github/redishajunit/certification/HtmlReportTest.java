package io.github.redishajunit.certification;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redishajunit.ProcessRun;
import io.github.redishajunit.certification.StepResult.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --html}: one self-contained page (no script, nothing fetched) with the verdict, the topology, the steps, the
 * propagation latency and each drill's timeline, every text escaped; rendered in Debian's headless Chromium
 * ({@code chromium-headless-shell}, which scripts/test installs) without a console message.
 */
class HtmlReportTest {

    private static final String CHROMIUM = System.getProperty("redis.ha.test.chromium", "chromium-headless-shell");

    @TempDir
    Path dir;

    @Test
    void thePageHoldsTheVerdictTopologyStepsLatencyAndDrillTimelinesWithEveryTextEscaped() {
        String html = HtmlReport.render(result());

        assertThat(html).startsWith("<!DOCTYPE html>")
                .doesNotContain("<script", "https://", "src=", "href=", "<link", "url(", "@import")
                .contains("NOT CERTIFIED", "1 PASS, 2 FAIL, 1 N/A")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                .contains("aria-label=\"topology: master, replicas and Sentinels\"")
                .contains(">redis-master-0</text>", ">cache-sentinel-0</text>", "stroke-dasharray")
                .contains("aria-label=\"propagation latency per replica\"", ">9.0 ms</text>")
                .contains("writes failing", "writes back 3.4 s", "Sentinels agree 11.4 s", "replicas re-linked 5.7 s")
                .contains("replicas caught up 10.1 s");
        assertThat(Pattern.compile("aria-label=\"drill timeline\"").matcher(html).results().count()).isEqualTo(2);
        assertThat(html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "")).as("nothing fetched")
                .doesNotContain("http://");
    }

    @Test
    void headlessChromiumRendersThePageWithoutAConsoleMessage() throws Exception {
        Path page = dir.resolve("report.html");
        HtmlReport.write(result(), page);
        Path screenshot = dir.resolve("report.png");

        Chromium run = Chromium.run("--screenshot=" + screenshot, "--window-size=1280,2400", page.toUri().toString());
        Chromium dom = Chromium.run("--dump-dom", page.toUri().toString());

        assertThat(run.exitCode()).as(run.errors()).isZero();
        assertThat(screenshot).isNotEmptyFile();
        assertThat(run.errors() + dom.errors()).as("console messages while rendering").doesNotContain(":CONSOLE");
        Matcher svgs = Pattern.compile("<svg ").matcher(dom.output());
        assertThat(svgs.results().count()).as("topology, latency and two drill timelines in the DOM").isEqualTo(4);
        assertThat(dom.output()).contains("NOT CERTIFIED");
    }

    private record Chromium(int exitCode, String output, String errors) {
        static Chromium run(String... args) throws IOException, InterruptedException {
            List<String> command = new java.util.ArrayList<>(List.of(CHROMIUM, "--no-sandbox", "--disable-gpu",
                    "--enable-logging=stderr", "--v=0"));
            command.addAll(List.of(args));
            ProcessRun run;
            try {
                run = ProcessRun.run(command, Duration.ofSeconds(60));
            } catch (IOException missing) {
                throw new AssertionError("Expecting Debian's headless Chromium (" + CHROMIUM + ") to render the"
                        + " report\nbut it could not be started: " + missing.getMessage() + " (scripts/test installs"
                        + " it: apt-get install chromium-headless-shell)", missing);
            }
            return new Chromium(run.exitCode(), run.out(), run.err());
        }
    }

    static CertificationResult result() {
        Map<String, String> stack = new LinkedHashMap<>();
        stack.put("pod:redis-master-0:role", "master");
        stack.put("pod:redis-master-0:version", "redis 7.0.15");
        stack.put("pod:redis-master-0:node", "rha-node");
        stack.put("pod:redis-slave-0:role", "replica");
        stack.put("pod:redis-slave-1:role", "replica");
        stack.put("sentinel:cache-sentinel-0:address", "10.0.0.1:26379");
        Map<String, String> delete = new LinkedHashMap<>();
        delete.put("name", "pod-delete");
        delete.put("drill", "master pod deleted, Sentinel failover");
        delete.put("writeOutageMs", "3300");
        delete.put("writesBackMs", "3400");
        delete.put("sentinelsAgreedMs", "11400");
        delete.put("replicasRelinkedMs", "5700");
        delete.put("acknowledgedLost", "0");
        Map<String, String> lag = new LinkedHashMap<>();
        lag.put("name", "lag");
        lag.put("durationMs", "10000");
        lag.put("caughtUpMs", "100");
        lag.put("replica:redis-slave-0:maxBytes", "3072");
        List<StepResult> steps = List.of(
                StepResult.of("2. propagation: a write on the master is read on every replica", Status.PASS, 11,
                        List.of("latency redis-slave-0 9.0 ms"), List.of(), Optional.empty(), List.of(),
                        Map.of("replica:redis-slave-0:latencyUs", "9000", "replica:redis-slave-1:latencyUs", "4500"),
                        Map.of()),
                StepResult.of("4. NodePort", Status.NOT_APPLICABLE, 0, List.of(), List.of(),
                        Optional.of("not applicable: no NodePort"), List.of(), Map.of(), Map.of()),
                StepResult.of("7. drill: the master pod deleted", Status.FAIL, 7406, List.of(), List.of(),
                        Optional.of("Expecting <script>alert(1)</script>\nbut it was lost"),
                        List.of("Evidence written to /tmp/e.txt"), Map.of(), delete),
                StepResult.of("14. drill: lag", Status.FAIL, 12000, List.of(), List.of(), Optional.of("lagged"),
                        List.of(), Map.of(), lag));
        return new CertificationResult("in namespace redis", "found 3 Redis pods & 1 Sentinel", stack,
                Map.of("kubernetesVersion", "v1.37.2"), steps, List.of("drill pod-delete: acknowledged writes lost: 0"));
    }
}
