package io.github.redishajunit.certification;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.redishajunit.CleanupPolicy;
import io.github.redishajunit.RedisHAClientService;
import io.github.redishajunit.RedisHACluster;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.engine.FilterResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.PostDiscoveryFilter;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.reporting.legacy.xml.LegacyXmlReportGeneratingListener;

/**
 * {@code java -jar redis-ha-junit-certify.jar --namespace NS [--kubeconfig FILE] [--context CTX] [--drills [LIST]]
 * [--provision [--embedded]] [--reports DIR]}: runs {@link RedisHACertification} through the JUnit Platform Launcher
 * against a deployed stack, prints a line per step, writes JUnit XML, and exits 0 only when every step passed.
 */
public final class CertifyCommand {

    static final String USAGE = """
            usage: certify --namespace NS [--selector LABELS] [--password-secret NAME[:KEY]] [--password-env VAR]
                           [--user NAME] [--sentinel-password-secret NAME[:KEY]] [--sentinel-password-env VAR]
                           [--external HOST:PORT] [--strict] [--kubeconfig FILE] [--context CTX]
                           [--drills [LIST]] [--node-outage-command CMD] [--reports DIR] [--json FILE]
                           [--html FILE]
                   certify --provision [--namespace NS] [--auth] [--image IMAGE] [...the options above]
                   certify --namespace NS --in-cluster [--certify-image IMAGE] [--service-account SA] [...]
                   certify --sweep [--kubeconfig FILE] [--context CTX]
                   certify --provision --embedded [--k3s-image IMAGE] [--k3s-privileged false] [...]

              --namespace NS             the namespace of the deployed stack (attached to, never modified or deleted)
              --selector LABELS          only the pods matching these labels (kubectl -l form) are the stack's
              --password-secret NAME[:KEY]  the Secret holding the password (default: found from the pods' specs:
                                         env, *_PASSWORD_FILE, --requirepass, mounted redis.conf and ACL files)
              --password-env VAR         an environment variable of this process holding the password
              --user NAME                the ACL user to authenticate as
              --sentinel-password-secret NAME[:KEY]  the Secret holding the Sentinels' own password (default: found
                                         from the Sentinel containers, else none, else the Redis password)
              --sentinel-password-env VAR  an environment variable of this process holding the Sentinels' password
              --external HOST:PORT       an external endpoint to check (default: the stack's NodePort or LoadBalancer)
              --strict                   warnings fail the certification
              --drills [LIST]            after the read-only steps, disrupt the stack under write load and count
                                         the acknowledged writes lost (disruptive); LIST names the drills, comma-
                                         separated (default: pod-delete):
                                           pod-delete        delete the master's pod, then a replica's
                                           force-delete      delete the master's pod with grace period 0
                                           restart-in-place  restart the master's server in its pod (SHUTDOWN NOSAVE)
                                           hung-master       hang the master's server for 10 s (CLIENT PAUSE ALL)
                                           cold-start        delete every pod of the stack at once (Sentinels too)
                                           isolate-master    cut the master off from its replicas and Sentinels
                                                             (maxclients 1, their links killed), then heal it
                                           lag               1000 writes/s of 1 KiB for 10 s; each replica's lag
                                           sentinel-quorum   a majority of the Sentinels paused: no failover, CKQUORUM
                                                             refused by the rest, then they agree again
                                           node-loss         the master's node cordoned and lost (needs
                                                             --node-outage-command), then given back
                                           all               every drill above
              --node-outage-command CMD  for node-loss: a command taking "stop NODE" and "start NODE" that takes a
                                         node away and gives it back (scripts/certify passes scripts/local-cluster
                                         node on the local cluster)
              --provision                deploy the default manifest into a fresh namespace (or NS), certify, remove it
              --auth                     with --provision: AUTH on, with a random password in a Secret
              --image IMAGE              with --provision: the image of every container
              --sweep                    only delete this library's namespaces whose TTL has passed (what killed runs
                                         left behind); namespaces without its labels are never touched
              --embedded                 with --provision: on an embedded K3s in Docker, even where a kubeconfig is
                                         found (it is also the last resort when none is)
              --k3s-image IMAGE          the embedded K3s's image (default: rancher/k3s; scripts/embedded up builds
                                         one from this project's binaries)
              --k3s-privileged BOOL      false: the embedded K3s without privileged mode (default: true)
              --kubeconfig FILE          kubeconfig to use (default: KUBECONFIG, ~/.kube/config, in-cluster)
              --context CTX              kubeconfig context to use (default: the current one)
              --reports DIR              where JUnit XML and failure evidence go (default: target/redis-ha-certification)
              --json FILE                also write the result as one JSON object (docs/report-schema.md)
              --html FILE                also write the result as one self-contained HTML page
              --in-cluster               run the certification as a Job in NS (from the certify image, as a least-
                                         privilege ServiceAccount: manifests/certify), stream its log, copy its
                                         reports back to --reports, remove the Job; exit with its exit code
              --certify-image IMAGE      with --in-cluster: the certify image (default: redis-ha-junit/certify:<version>,
                                         which scripts/certify-image builds and loads into the local cluster)
              --service-account SA       with --in-cluster: run as this existing ServiceAccount (its Role is yours)

            exit code: 0 certified, 1 a step failed, 2 bad usage or nothing could be certified
            """;

    private static final String QUIET_LOGGER = "org.slf4j.simpleLogger.log.io.vertx.core.http.impl.HttpClientConnection";

    private CertifyCommand() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs the certification; returns the process exit code: 0 certified, 1 a step failed, 2 bad usage (arguments,
     * or a configuration the extension rejected before any step ran, such as a context the kubeconfig lacks).
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        // fabric8's HTTP client warns for each pooled connection it drops; a lost node (the node-loss drill) drops
        // hundreds of port-forwards' connections, one warning line each; the drill's report says what was lost
        System.getProperties().putIfAbsent(QUIET_LOGGER, "error");
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("certify: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
        if (options.help()) {
            out.print(USAGE);
            return 0;
        }
        if (options.sweep()) {
            return SweepCommand.run(options.given(), out, err);
        }
        Path reports = options.reports();
        try {
            Files.createDirectories(reports);
        } catch (java.io.IOException e) {
            err.println("certify: cannot create the reports directory " + reports + ": " + e.getMessage());
            return 2;
        }
        if (options.inCluster().isPresent()) {
            return inCluster(options, reports, out, err);
        }
        for (String key : List.of(RedisHACluster.PASSWORD_ENV_KEY, RedisHACluster.SENTINEL_PASSWORD_ENV_KEY)) {
            String variable = options.given().get(key);
            if (variable != null && (System.getenv(variable) == null || System.getenv(variable).isEmpty())) {
                err.println("certify: " + Options.option(key) + " " + variable + " names an environment variable"
                        + " that is not set or empty (fix: export " + variable + " with the password, or name its"
                        + " Secret with " + Options.option(key).replace("-env", "-secret") + " NAME[:KEY])");
                return 2;
            }
        }
        String target = options.provision()
                ? "provisioned from the default manifest" + options.namespace().map(ns -> " into namespace " + ns).orElse("")
                : "in namespace " + options.namespace().orElseThrow();
        out.println("Certifying the Redis HA stack " + target);
        LauncherDiscoveryRequest request = request(options, reports);
        CertificationReport report = new CertificationReport(out, target);
        Launcher launcher = LauncherFactory.create();
        launcher.execute(request, report, new LegacyXmlReportGeneratingListener(reports, new PrintWriter(err, true)));
        report.printSummary();
        out.println("JUnit XML: " + reports.toAbsolutePath());
        CertificationResult result = report.result();
        if (!write("--json", "JSON report", options.json(), file -> JsonReport.write(result, file), out, err)
                || !write("--html", "HTML report", options.html(), file -> HtmlReport.write(result, file), out, err)) {
            return 2;
        }
        if (options.emitReports()) {
            ReportArchive.emit(reports, out);
        }
        if (report.forbidden().isPresent()) {
            err.println("certify: the Kubernetes API refused a request the certification needs: "
                    + report.forbidden().get() + " (fix: grant that verb on that resource to the account certifying;"
                    + " manifests/certify/rbac.yaml lists what the certification needs)");
            return 2;
        }
        if (report.misconfiguration().isPresent()) {
            err.println("certify: " + report.misconfiguration().get().getMessage());
            return 2;
        }
        return report.certified() ? 0 : 1;
    }

    /** {@code --in-cluster}: the certification as a Job in the stack's namespace; returns the Job's exit code. */
    private static int inCluster(Options options, Path reports, PrintStream out, PrintStream err) {
        if (options.given().containsKey(RedisHACluster.NODE_OUTAGE_COMMAND_KEY)) {
            err.println("certify: --node-outage-command runs on this machine, which the in-cluster run is not (fix:"
                    + " run the node-loss drill without --in-cluster)");
            return 2;
        }
        for (String local : List.of(RedisHACluster.PASSWORD_ENV_KEY, RedisHACluster.SENTINEL_PASSWORD_ENV_KEY)) {
            if (options.given().containsKey(local)) {
                err.println("certify: " + Options.option(local) + " reads this process's environment, which the"
                        + " in-cluster run does not have (fix: name the Secret with --password-secret NAME[:KEY] or"
                        + " --sentinel-password-secret NAME[:KEY])");
                return 2;
            }
        }
        List<String> args = new ArrayList<>();
        options.given().forEach((key, value) -> {
            if (key.equals(RedisHACluster.KUBECONFIG_KEY) || key.equals(RedisHACluster.CONTEXT_KEY)) {
                return; // where this process finds the cluster; the Job is in it
            }
            if (Options.FLAGS.containsValue(key)) {
                args.add(Options.option(key));
            } else {
                args.addAll(List.of(key.equals(RedisHACluster.DRILLS_KEY) ? "--drills" : Options.option(key), value));
            }
        });
        Optional<RedisHAClientService> clients = ServiceLoader
                .load(RedisHAClientService.class, RedisHAClientService.class.getClassLoader()).findFirst();
        if (clients.isEmpty()) {
            err.println("certify --in-cluster: no META-INF/services/" + RedisHAClientService.class.getName() + " on"
                    + " the classpath (a repackaged jar dropped it: keep META-INF/services entries when shading)");
            return 2;
        }
        InCluster job = options.inCluster().orElseThrow();
        KubernetesClient client;
        try {
            client = clients.get().connect(key -> Optional.ofNullable(options.given().get(key))
                    .or(() -> Optional.ofNullable(System.getProperty(key))));
        } catch (RuntimeException unreachable) {
            err.println("certify --in-cluster: " + unreachable.getMessage());
            return 2;
        }
        try (client) {
            return InClusterRun.run(client, options.namespace().orElseThrow(), args, job.image(),
                    job.serviceAccount(), reports, options.json(), options.html(), out, err);
        }
    }

    /**
     * How {@code --in-cluster} runs: from {@code image} ({@code --certify-image}, default {@link #DEFAULT_IMAGE}), as
     * an existing {@code serviceAccount} ({@code --service-account}) or as the one it applies.
     */
    record InCluster(String image, Optional<String> serviceAccount) {
        static final String DEFAULT_IMAGE = "redis-ha-junit/certify:" + StackFacts.libraryVersion();
    }

    /** Writes a rendering of the result to {@code file} when asked; false when it could not be written. */
    private static boolean write(String option, String what, Optional<Path> file, Consumer<Path> writer,
            PrintStream out, PrintStream err) {
        if (file.isEmpty()) {
            return true;
        }
        try {
            writer.accept(file.get());
            out.println(what + ": " + file.get().toAbsolutePath());
            return true;
        } catch (UncheckedIOException e) {
            err.println("certify: " + e.getMessage() + " (fix: " + option + " names a file in a writable directory)");
            return false;
        }
    }

    /**
     * The certification's steps, the drills not asked for left out: nothing in the stack is disturbed by them, and
     * the report does not list them.
     */
    static LauncherDiscoveryRequest request(Options options, Path reports) {
        DrillSelection drills = options.drills();
        PostDiscoveryFilter askedFor = descriptor -> {
            Optional<Drill> drill = descriptor.getSource().filter(MethodSource.class::isInstance)
                    .map(source -> ((MethodSource) source).getJavaMethod())
                    .flatMap(method -> AnnotationSupport.findAnnotation(method, Drill.class));
            return drill.isEmpty() || drills.includes(drill.get().value()) ? FilterResult.included("asked for")
                    : FilterResult.excluded("drill " + drill.get().value() + " not asked for");
        };
        return LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(RedisHACertification.class))
                .filters(askedFor)
                .configurationParameters(options.configurationParameters(reports))
                .build();
    }

    /**
     * The command line as configuration parameters: every option is a {@code redis.ha.*} parameter, so that {@code
     * class X extends RedisHACertification {}} certifies the same stacks from {@code mvn verify}.
     */
    record Options(Map<String, String> given, boolean provision, Path reports, Optional<Path> json,
            Optional<Path> html, boolean help, boolean sweep, Optional<InCluster> inCluster, boolean emitReports) {

        /** Options with a value, and the configuration parameter each sets. */
        static final Map<String, String> VALUES = Map.ofEntries(
                Map.entry("--namespace", RedisHACluster.NAMESPACE_KEY),
                Map.entry("-n", RedisHACluster.NAMESPACE_KEY),
                Map.entry("--kubeconfig", RedisHACluster.KUBECONFIG_KEY),
                Map.entry("--context", RedisHACluster.CONTEXT_KEY),
                Map.entry("--selector", RedisHACluster.SELECTOR_KEY),
                Map.entry("-l", RedisHACluster.SELECTOR_KEY),
                Map.entry("--password-secret", RedisHACluster.PASSWORD_SECRET_KEY),
                Map.entry("--password-env", RedisHACluster.PASSWORD_ENV_KEY),
                Map.entry("--sentinel-password-secret", RedisHACluster.SENTINEL_PASSWORD_SECRET_KEY),
                Map.entry("--sentinel-password-env", RedisHACluster.SENTINEL_PASSWORD_ENV_KEY),
                Map.entry("--user", RedisHACluster.USER_KEY),
                Map.entry("--external", RedisHACluster.EXTERNAL_KEY),
                Map.entry("--image", RedisHACluster.IMAGE_KEY),
                Map.entry("--k3s-image", RedisHACluster.K3S_IMAGE_KEY),
                Map.entry("--k3s-privileged", RedisHACluster.K3S_PRIVILEGED_KEY),
                Map.entry("--node-outage-command", RedisHACluster.NODE_OUTAGE_COMMAND_KEY));
        /** Options without a value, and the boolean configuration parameter each turns on. */
        static final Map<String, String> FLAGS = Map.of(
                "--strict", RedisHACluster.STRICT_KEY,
                "--auth", RedisHACluster.AUTH_KEY,
                "--embedded", RedisHACluster.EMBEDDED_KEY);

        static Options parse(String[] args) {
            Deque<String> rest = new ArrayDeque<>(List.of(args));
            Map<String, String> given = new LinkedHashMap<>();
            boolean provision = false;
            boolean help = false;
            boolean sweep = false;
            Path reports = Path.of("target", "redis-ha-certification");
            Path json = null;
            Path html = null;
            boolean inCluster = false;
            boolean emitReports = false;
            String image = null;
            String serviceAccount = null;
            while (!rest.isEmpty()) {
                String arg = rest.pop();
                if (VALUES.containsKey(arg)) {
                    given.put(VALUES.get(arg), value(arg, rest));
                } else if (FLAGS.containsKey(arg)) {
                    given.put(FLAGS.get(arg), "true");
                } else {
                    switch (arg) {
                        case "--drills" -> given.put(RedisHACluster.DRILLS_KEY, drills(rest));
                        case "--reports" -> reports = Path.of(value(arg, rest));
                        case "--json" -> json = Path.of(value(arg, rest));
                        case "--html" -> html = Path.of(value(arg, rest));
                        case "--in-cluster" -> inCluster = true;
                        case "--certify-image" -> image = value(arg, rest);
                        case "--service-account" -> serviceAccount = value(arg, rest);
                        case "--emit-reports" -> emitReports = true;
                        case "--provision" -> provision = true;
                        case "--help", "-h" -> help = true;
                        case "--sweep" -> sweep = true;
                        default -> throw new IllegalArgumentException("unknown argument '" + arg + "'");
                    }
                }
            }
            if (!help && !provision && !sweep && !given.containsKey(RedisHACluster.NAMESPACE_KEY)) {
                throw new IllegalArgumentException(
                        "--namespace is required (the namespace of the deployed stack), or --provision to deploy one");
            }
            for (String provisionOnly : List.of(RedisHACluster.AUTH_KEY, RedisHACluster.IMAGE_KEY)) {
                if (!provision && given.containsKey(provisionOnly)) {
                    throw new IllegalArgumentException(option(provisionOnly)
                            + " only applies with --provision (an attached stack is certified as it runs)");
                }
            }
            if (!provision && given.containsKey(RedisHACluster.EMBEDDED_KEY)) {
                throw new IllegalArgumentException("--embedded only applies with --provision (a fresh embedded K3s"
                        + " has no stack to attach to)");
            }
            if (inCluster && provision) {
                throw new IllegalArgumentException("--in-cluster certifies a deployed stack: give --namespace NS, not"
                        + " --provision");
            }
            Optional<InCluster> job = inCluster ? Optional.of(new InCluster(Optional.ofNullable(image)
                    .orElse(InCluster.DEFAULT_IMAGE), Optional.ofNullable(serviceAccount))) : Optional.empty();
            if (!inCluster && (image != null || serviceAccount != null)) {
                throw new IllegalArgumentException((image != null ? "--certify-image" : "--service-account")
                        + " only applies with --in-cluster");
            }
            return new Options(Map.copyOf(given), provision, reports, Optional.ofNullable(json),
                    Optional.ofNullable(html), help, sweep, job, emitReports);
        }

        /** The drills asked for: none without {@code --drills}. */
        DrillSelection drills() {
            return DrillSelection.ofParameter(given.getOrDefault(RedisHACluster.DRILLS_KEY, "false"));
        }

        /**
         * {@code --drills}' value: {@code true} (the default drills) when no list follows (nothing, or another option),
         * else the list, checked.
         */
        private static String drills(Deque<String> rest) {
            if (rest.isEmpty() || rest.peek().startsWith("-")) {
                return "true";
            }
            String list = rest.pop();
            try {
                return DrillSelection.ofList(list).asList();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--drills \"" + list + "\" is invalid: " + e.getMessage()
                        + " (fix: name drills from that list separated by commas, e.g. --drills "
                        + DrillSelection.FORCE_DELETE + "," + DrillSelection.RESTART_IN_PLACE + ", or give --drills"
                        + " alone for " + DrillSelection.DEFAULT.asList() + ")");
            }
        }

        /** The option that sets {@code key}, as the usage spells it. */
        static String option(String key) {
            return Stream.concat(VALUES.entrySet().stream(), FLAGS.entrySet().stream())
                    .filter(e -> e.getValue().equals(key) && e.getKey().startsWith("--"))
                    .map(Map.Entry::getKey)
                    .findFirst()
                    .orElse(key);
        }

        Optional<String> namespace() {
            return Optional.ofNullable(given.get(RedisHACluster.NAMESPACE_KEY));
        }

        private static String value(String option, Deque<String> rest) {
            if (rest.isEmpty() || rest.peek().startsWith("--")) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return rest.pop();
        }

        Map<String, String> configurationParameters(Path reportsDir) {
            Map<String, String> parameters = new LinkedHashMap<>(given);
            parameters.put(RedisHACluster.PROVISION_KEY, Boolean.toString(provision));
            if (provision) {
                parameters.put(RedisHACluster.CLEANUP_KEY, CleanupPolicy.ALWAYS.name());
            }
            parameters.put(RedisHACluster.REPORTS_DIR_KEY, reportsDir.toString());
            // Open Test Reporting's XML beside the legacy XML, with the evidence files the steps publish
            parameters.put("junit.platform.reporting.open.xml.enabled", "true");
            parameters.put("junit.platform.reporting.output.dir", reportsDir.toString());
            return parameters;
        }
    }
}
