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
import java.util.logging.LogManager;
import java.util.stream.Stream;
import org.apiguardian.api.API;
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
@API(status = API.Status.INTERNAL, since = "0.1.0")
public final class CertifyCommand {

    /**
     * slf4j-simple's settings for this command, set before the first logger exists unless given with {@code -D}: the
     * library's own loggers print their progress lines on stderr, as in a build, and every other logger (Netty,
     * Lettuce, Reactor, fabric8, Vert.x, Testcontainers, ...) prints nothing. Their warnings and stack traces read as
     * a crash on a console, and say again what the certification reports in its own words: a refused request, a node
     * that did not answer, what a drill lost (fabric8's HTTP client alone warns once per pooled connection it drops,
     * hundreds when a node is lost). {@code -Dorg.slf4j.simpleLogger.defaultLogLevel=warn} shows them again.
     */
    static final Map<String, String> LOGGING = Map.of(
            "org.slf4j.simpleLogger.defaultLogLevel", "off",
            "org.slf4j.simpleLogger.log.io.github.redishajunit", "info");

    private CertifyCommand() {}

    /**
     * The command in a JVM of its own: besides slf4j's third-party loggers ({@code LOGGING}), java.util.logging prints
     * nothing either (the JUnit Platform's own warnings go there), and a failure that escapes {@link #run} is one line
     * on stderr, its stack trace in a file, never on the console.
     */
    public static void main(String[] args) {
        LogManager.getLogManager().reset();
        int code;
        try {
            code = run(args, System.out, System.err);
        } catch (RuntimeException e) {
            System.err.println("certify: failed unexpectedly: " + e + stackTraceIn(e));
            code = 2;
        }
        System.exit(code);
    }

    /** {@code " (stack trace: FILE)"}, written to a temporary file; empty when it could not be written. */
    private static String stackTraceIn(RuntimeException e) {
        try {
            Path file = Files.createTempFile("redis-ha-certify-", ".txt");
            try (PrintWriter writer = new PrintWriter(Files.newBufferedWriter(file))) {
                e.printStackTrace(writer);
            }
            return " (stack trace: " + file + ")";
        } catch (java.io.IOException | RuntimeException unwritable) {
            return "";
        }
    }

    /**
     * Runs the certification; returns the process exit code: 0 certified, 1 a step failed, 2 bad usage (arguments,
     * or a configuration the extension rejected before any step ran, such as a context the kubeconfig lacks).
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        LOGGING.forEach(System.getProperties()::putIfAbsent);
        CertifyOptions options;
        try {
            options = CertifyOptions.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("certify: " + e.getMessage());
            err.print(CertifyOptions.USAGE);
            return 2;
        }
        if (options.help()) {
            out.print(CertifyOptions.USAGE);
            return 0;
        }
        if (options.version()) {
            out.println("redis-ha-junit " + StackFacts.libraryVersion());
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
                err.println("certify: " + CertifyOptions.option(key) + " " + variable + " names an environment variable"
                        + " that is not set or empty (fix: export " + variable + " with the password, or name its"
                        + " Secret with " + CertifyOptions.option(key).replace("-env", "-secret") + " NAME[:KEY])");
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

    /** The options that read this machine, which the in-cluster Job is not: what each is told. */
    private static final Map<String, String> LOCAL_ONLY = localOnly();

    private static Map<String, String> localOnly() {
        String env = "reads this process's environment, which the in-cluster run does not have (fix: name the Secret"
                + " with --password-secret NAME[:KEY] or --sentinel-password-secret NAME[:KEY])";
        String file = "names a file of this machine, which the in-cluster run does not have (fix: name the Secret"
                + " with --tls-ca-secret NAME[:KEY] or --tls-client-secret NAME)";
        Map<String, String> local = new LinkedHashMap<>();
        local.put(RedisHACluster.PASSWORD_ENV_KEY, env);
        local.put(RedisHACluster.SENTINEL_PASSWORD_ENV_KEY, env);
        local.put(RedisHACluster.TLS_CA_FILE_KEY, file);
        local.put(RedisHACluster.TLS_CLIENT_CERT_FILE_KEY, file);
        local.put(RedisHACluster.TLS_CLIENT_KEY_FILE_KEY, file);
        return local;
    }

    /** {@code --in-cluster}: the certification as a Job in the stack's namespace; returns the Job's exit code. */
    private static int inCluster(CertifyOptions options, Path reports, PrintStream out, PrintStream err) {
        if (options.given().containsKey(RedisHACluster.NODE_OUTAGE_COMMAND_KEY)) {
            err.println("certify: --node-outage-command runs on this machine, which the in-cluster run is not (fix:"
                    + " run the node-loss drill without --in-cluster)");
            return 2;
        }
        for (Map.Entry<String, String> local : LOCAL_ONLY.entrySet()) {
            if (options.given().containsKey(local.getKey())) {
                err.println("certify: " + CertifyOptions.option(local.getKey()) + " " + local.getValue());
                return 2;
            }
        }
        List<String> args = new ArrayList<>();
        options.given().forEach((key, value) -> {
            if (key.equals(RedisHACluster.KUBECONFIG_KEY) || key.equals(RedisHACluster.CONTEXT_KEY)) {
                return; // where this process finds the cluster; the Job is in it
            }
            if (CertifyOptions.FLAGS.containsValue(key)) {
                args.add(CertifyOptions.option(key));
            } else {
                args.addAll(List.of(key.equals(RedisHACluster.DRILLS_KEY) ? "--drills" : CertifyOptions.option(key),
                        value));
            }
        });
        Optional<RedisHAClientService> clients = ServiceLoader
                .load(RedisHAClientService.class, RedisHAClientService.class.getClassLoader()).findFirst();
        if (clients.isEmpty()) {
            err.println("certify --in-cluster: no META-INF/services/" + RedisHAClientService.class.getName() + " on"
                    + " the classpath (a repackaged jar dropped it: keep META-INF/services entries when shading)");
            return 2;
        }
        CertifyOptions.InCluster job = options.inCluster().orElseThrow();
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
    static LauncherDiscoveryRequest request(CertifyOptions options, Path reports) {
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
}
