package io.github.redishajunit.certification;

import io.github.redishajunit.CleanupPolicy;
import io.github.redishajunit.RedisHACluster;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The command line as configuration parameters: every option is a {@code redis.ha.*} parameter, so that {@code
 * class X extends RedisHACertification {}} certifies the same stacks from {@code mvn verify}.
 */
record CertifyOptions(Map<String, String> given, boolean provision, Path reports, Optional<Path> json,
        Optional<Path> html, boolean help, boolean version, boolean sweep, Optional<InCluster> inCluster,
        boolean emitReports) {

    static final String USAGE = """
            usage: certify --namespace NS [--selector LABELS] [--password-secret NAME[:KEY]] [--password-env VAR]
                           [--user NAME] [--sentinel-password-secret NAME[:KEY]] [--sentinel-password-env VAR]
                           [--tls-ca-secret NAME[:KEY] | --tls-ca-file FILE] [--tls-client-secret NAME |
                            --tls-client-cert-file FILE --tls-client-key-file FILE]
                           [--external HOST:PORT] [--strict] [--kubeconfig FILE] [--context CTX]
                           [--drills [LIST]] [--node-outage-command CMD] [--reports DIR] [--json FILE]
                           [--html FILE]
                   certify --provision [--namespace NS] [--auth] [--tls] [--image IMAGE] [...the options above]
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
              --tls-ca-secret NAME[:KEY] the Secret holding the CA of a TLS stack (default key ca.crt; default: found
                                         from the pods' specs: tls-ca-cert-file, REDIS_TLS_CA_FILE, mounted Secrets)
              --tls-ca-file FILE         a PEM file holding the CA
              --tls-client-secret NAME   a kubernetes.io/tls Secret (tls.crt, tls.key) with the client certificate to
                                         present (default: the servers' own, where they require one)
              --tls-client-cert-file FILE  a PEM file holding the client certificate (with --tls-client-key-file)
              --tls-client-key-file FILE a PEM file holding its key (PKCS#8, unencrypted)
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
              --tls                      with --provision: TLS only (plaintext off, client certificates required),
                                         from a CA made for the namespace (Secret redis-ha-junit-tls)
              --sentinel                 with --provision: a Sentinel beside each Redis server (master set mymaster)
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
              --version                  print the library's version
              --help                     print this

            Options take their value as the next argument or after "=": --namespace redis, --namespace=redis.
            Run as java -jar redis-ha-junit-<version>-certify.jar [options]; scripts/certify builds and runs it.

            exit code: 0 certified, 1 a step failed, 2 bad usage or nothing could be certified
            """;

    /**
     * How {@code --in-cluster} runs: from {@code image} ({@code --certify-image}, default {@link #DEFAULT_IMAGE}), as
     * an existing {@code serviceAccount} ({@code --service-account}) or as the one it applies.
     */
    record InCluster(String image, Optional<String> serviceAccount) {
        static final String DEFAULT_IMAGE = "redis-ha-junit/certify:" + StackFacts.libraryVersion();
    }


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
            Map.entry("--tls-ca-secret", RedisHACluster.TLS_CA_SECRET_KEY),
            Map.entry("--tls-ca-file", RedisHACluster.TLS_CA_FILE_KEY),
            Map.entry("--tls-client-secret", RedisHACluster.TLS_CLIENT_SECRET_KEY),
            Map.entry("--tls-client-cert-file", RedisHACluster.TLS_CLIENT_CERT_FILE_KEY),
            Map.entry("--tls-client-key-file", RedisHACluster.TLS_CLIENT_KEY_FILE_KEY),
            Map.entry("--external", RedisHACluster.EXTERNAL_KEY),
            Map.entry("--image", RedisHACluster.IMAGE_KEY),
            Map.entry("--k3s-image", RedisHACluster.K3S_IMAGE_KEY),
            Map.entry("--k3s-privileged", RedisHACluster.K3S_PRIVILEGED_KEY),
            Map.entry("--node-outage-command", RedisHACluster.NODE_OUTAGE_COMMAND_KEY));
    /** The options without a value that set no configuration parameter. */
    static final List<String> NO_VALUE = List.of("--in-cluster", "--emit-reports", "--provision", "--help",
            "--version", "--sweep");

    /** Options without a value, and the boolean configuration parameter each turns on. */
    static final Map<String, String> FLAGS = Map.of(
            "--strict", RedisHACluster.STRICT_KEY,
            "--auth", RedisHACluster.AUTH_KEY,
            "--tls", RedisHACluster.TLS_KEY,
            "--sentinel", RedisHACluster.SENTINEL_KEY,
            "--embedded", RedisHACluster.EMBEDDED_KEY);

    static CertifyOptions parse(String[] args) {
        Deque<String> rest = new ArrayDeque<>(List.of(args));
        Map<String, String> given = new LinkedHashMap<>();
        boolean provision = false;
        boolean help = false;
        boolean version = false;
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
            // --option=value, as getopt_long takes it: the value is what follows "=", whatever it starts with
            String inline = null;
            int equals = arg.indexOf('=');
            if (arg.startsWith("--") && equals > 2) {
                inline = arg.substring(equals + 1);
                arg = arg.substring(0, equals);
                if (FLAGS.containsKey(arg) || NO_VALUE.contains(arg)) {
                    throw new IllegalArgumentException(arg + " takes no value, but was given '" + arg + "=" + inline
                            + "' (fix: " + arg + " alone)");
                }
            }
            if (VALUES.containsKey(arg)) {
                given.put(VALUES.get(arg), inline != null ? inline : value(arg, rest));
            } else if (FLAGS.containsKey(arg)) {
                given.put(FLAGS.get(arg), "true");
            } else {
                switch (arg) {
                    case "--drills" -> given.put(RedisHACluster.DRILLS_KEY,
                            inline != null ? drillList(inline) : drills(rest));
                    case "--reports" -> reports = Path.of(inline != null ? inline : value(arg, rest));
                    case "--json" -> json = Path.of(inline != null ? inline : value(arg, rest));
                    case "--html" -> html = Path.of(inline != null ? inline : value(arg, rest));
                    case "--in-cluster" -> inCluster = true;
                    case "--certify-image" -> image = inline != null ? inline : value(arg, rest);
                    case "--service-account" ->
                        serviceAccount = inline != null ? inline : value(arg, rest);
                    case "--emit-reports" -> emitReports = true;
                    case "--provision" -> provision = true;
                    case "--help", "-h" -> help = true;
                    case "--version" -> version = true;
                    case "--sweep" -> sweep = true;
                    default -> throw new IllegalArgumentException("unknown argument '" + arg + "'");
                }
            }
        }
        if (!help && !version && !provision && !sweep && !given.containsKey(RedisHACluster.NAMESPACE_KEY)) {
            throw new IllegalArgumentException(
                    "--namespace is required (the namespace of the deployed stack), or --provision to deploy one");
        }
        for (String provisionOnly : List.of(RedisHACluster.AUTH_KEY, RedisHACluster.TLS_KEY,
                RedisHACluster.SENTINEL_KEY, RedisHACluster.IMAGE_KEY)) {
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
        return new CertifyOptions(Map.copyOf(given), provision, reports, Optional.ofNullable(json),
                Optional.ofNullable(html), help, version, sweep, job, emitReports);
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
        return drillList(rest.pop());
    }

    private static String drillList(String list) {
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
