package io.github.redishajunit.certification;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.github.redishajunit.CleanupPolicy;
import io.github.redishajunit.RedisHACluster;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.reporting.legacy.xml.LegacyXmlReportGeneratingListener;

/**
 * {@code java -jar redis-ha-junit-certify.jar --namespace NS [--kubeconfig FILE] [--context CTX] [--provision]
 * [--reports DIR]}: runs {@link RedisHACertification} through the JUnit Platform Launcher against a deployed
 * stack, prints a line per step, writes JUnit XML, and exits 0 only when every step passed.
 */
public final class CertifyCommand {

    static final String USAGE = """
            usage: certify --namespace NS [--kubeconfig FILE] [--context CTX] [--reports DIR]
                   certify --provision [--namespace NS] [--kubeconfig FILE] [--context CTX] [--reports DIR]

              --namespace NS     the namespace of the deployed stack (attached to, never modified or deleted)
              --provision        deploy the default manifest into a fresh namespace (or NS), certify, remove it
              --kubeconfig FILE  kubeconfig to use (default: KUBECONFIG, ~/.kube/config, in-cluster)
              --context CTX      kubeconfig context to use (default: the current one)
              --reports DIR      where JUnit XML and failure evidence go (default: target/redis-ha-certification)
            """;

    private CertifyCommand() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs the certification; returns the process exit code: 0 certified, 1 a step failed, 2 bad usage (arguments,
     * or a configuration the extension rejected before any step ran, such as a context the kubeconfig lacks).
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
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
        Path reports = options.reports();
        try {
            Files.createDirectories(reports);
        } catch (java.io.IOException e) {
            err.println("certify: cannot create the reports directory " + reports + ": " + e.getMessage());
            return 2;
        }
        out.println("Certifying the Redis HA stack " + (options.provision()
                ? "provisioned from the default manifest" + options.namespace().map(ns -> " into namespace " + ns).orElse("")
                : "in namespace " + options.namespace().orElseThrow()));
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(RedisHACertification.class))
                .configurationParameters(options.configurationParameters(reports))
                .build();
        CertificationReport report = new CertificationReport(out);
        Launcher launcher = LauncherFactory.create();
        launcher.execute(request, report, new LegacyXmlReportGeneratingListener(reports, new PrintWriter(err, true)));
        report.printSummary();
        out.println("JUnit XML: " + reports.toAbsolutePath());
        if (report.misconfiguration().isPresent()) {
            err.println("certify: " + report.misconfiguration().get().getMessage());
            return 2;
        }
        return report.certified() ? 0 : 1;
    }

    record Options(java.util.Optional<String> namespace, java.util.Optional<String> kubeconfig,
            java.util.Optional<String> context, boolean provision, Path reports, boolean help) {

        static Options parse(String[] args) {
            Deque<String> rest = new ArrayDeque<>(List.of(args));
            String namespace = null;
            String kubeconfig = null;
            String context = null;
            boolean provision = false;
            boolean help = false;
            Path reports = Path.of("target", "redis-ha-certification");
            while (!rest.isEmpty()) {
                String arg = rest.pop();
                switch (arg) {
                    case "--namespace", "-n" -> namespace = value(arg, rest);
                    case "--kubeconfig" -> kubeconfig = value(arg, rest);
                    case "--context" -> context = value(arg, rest);
                    case "--reports" -> reports = Path.of(value(arg, rest));
                    case "--provision" -> provision = true;
                    case "--help", "-h" -> help = true;
                    default -> throw new IllegalArgumentException("unknown argument '" + arg + "'");
                }
            }
            if (!help && !provision && namespace == null) {
                throw new IllegalArgumentException(
                        "--namespace is required (the namespace of the deployed stack), or --provision to deploy one");
            }
            return new Options(java.util.Optional.ofNullable(namespace), java.util.Optional.ofNullable(kubeconfig),
                    java.util.Optional.ofNullable(context), provision, reports, help);
        }

        private static String value(String option, Deque<String> rest) {
            if (rest.isEmpty() || rest.peek().startsWith("--")) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return rest.pop();
        }

        Map<String, String> configurationParameters(Path reportsDir) {
            Map<String, String> parameters = new LinkedHashMap<>();
            parameters.put(RedisHACluster.PROVISION_KEY, Boolean.toString(provision));
            namespace.ifPresent(ns -> parameters.put(RedisHACluster.NAMESPACE_KEY, ns));
            kubeconfig.ifPresent(file -> parameters.put(RedisHACluster.KUBECONFIG_KEY, file));
            context.ifPresent(ctx -> parameters.put(RedisHACluster.CONTEXT_KEY, ctx));
            if (provision) {
                parameters.put(RedisHACluster.CLEANUP_KEY, CleanupPolicy.ALWAYS.name());
            }
            parameters.put(RedisHACluster.REPORTS_DIR_KEY, reportsDir.toString());
            return parameters;
        }
    }
}
