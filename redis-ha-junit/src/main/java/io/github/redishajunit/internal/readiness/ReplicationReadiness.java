package io.github.redishajunit.internal.readiness;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.redishajunit.Endpoint;
import io.github.redishajunit.assertions.RedisHAAssertions;
import io.github.redishajunit.internal.credentials.SentinelLogins;
import io.github.redishajunit.internal.credentials.StackCredentials;
import io.github.redishajunit.internal.discovery.StackDiscovery;
import io.github.redishajunit.internal.pods.LabelSelector;
import io.github.redishajunit.internal.pods.NamespaceWatch;
import io.github.redishajunit.internal.progress.Concurrently;
import io.github.redishajunit.internal.progress.Progress;
import io.github.redishajunit.internal.topology.KubernetesHACluster;
import io.github.redishajunit.internal.topology.PodNode;
import io.lettuce.core.RedisException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apiguardian.api.API;
import javax.net.ssl.SSLHandshakeException;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * Readiness is replication truth, not pod Ready. Phases, each logged with its duration: the stack's Redis pods exist
 * (as many as their owners ask for), every one runs, their port-forwards answer, the servers say who is master, and
 * (provision mode) the replicas are linked: {@link RedisHAAssertions#assertReplicationUp} passes, and a NodePort to
 * the master accepts connections. Every poll first looks for what waiting cannot fix ({@link PodProblems}) and
 * aborts at once with a {@link StackFailure}; a server that refuses the credentials found aborts at once too.
 */
@API(status = API.Status.INTERNAL)
public final class ReplicationReadiness {

    /** The waits for pods read the namespace's watch (informer caches, no API call): checked often, they see a
     * change about as soon as the watch delivers it. */
    static final Duration WATCH_POLL_INTERVAL = Duration.ofMillis(50);
    /** The waits for servers send PING or INFO through the port-forwards: a round trip on loopback each. */
    static final Duration SERVER_POLL_INTERVAL = Duration.ofMillis(100);

    /** How long a NodePort may refuse connections once the replicas are linked: kube-proxy's rule sync, with room. */
    static final Duration EXTERNAL_GRACE = Duration.ofSeconds(3);
    private static final int CONNECT_TIMEOUT_MS = 500;

    private final NamespaceWatch watch;
    private final Progress progress;
    private final boolean attach;
    private final Map<String, Integer> probeFailuresSeen = new ConcurrentHashMap<>();
    private final AtomicReference<StackDiscovery.Found> lastFound = new AtomicReference<>();
    /** The owners' specs, read once per wait rather than on every poll. */
    private final Map<String, StackDiscovery.Owner> owners = new ConcurrentHashMap<>();

    public ReplicationReadiness(NamespaceWatch watch, Progress progress, boolean attach) {
        this.watch = watch;
        this.progress = progress;
        this.attach = attach;
    }

    /** A problem that waiting will not fix; aborts the wait. */
    public static final class StackFailure extends RuntimeException {
        StackFailure(String message) {
            super(message);
        }
    }

    /**
     * The stack's Redis pods, once as many exist as expected: {@code expected} when given (a setting), else what
     * their owners' specs ask for.
     *
     * @param expectedWhy why that many, for the message
     * @throws ExtensionConfigurationException in attach mode, when the namespace has no Redis pod at all
     */
    public StackDiscovery.Found awaitPods(KubernetesClient client, LabelSelector selector, OptionalInt expected,
            String expectedWhy, Instant deadline) {
        String ns = watch.namespace();
        if (attach) {
            StackDiscovery.Found first = StackDiscovery.find(client, watch, selector, owners);
            if (first.dataPods().isEmpty()) {
                String pods = watch.pods().stream().map(p -> p.getMetadata().getName()).collect(Collectors.joining(", "));
                throw new ExtensionConfigurationException("@RedisHACluster(namespace = \"" + ns + "\", provision ="
                        + " false) found nothing to certify: no pod in namespace " + ns
                        + selector.text().map(s -> " matching " + s).orElse("") + " has a container that serves Redis"
                        + " (container port 6379, or a port named " + String.join(", ", StackDiscovery.REDIS_PORT_NAMES)
                        + "); pods there: " + (pods.isEmpty() ? "none" : pods) + " (fix: deploy the stack there, or"
                        + " --selector LABELS for its pods)");
            }
        }
        AtomicReference<StackDiscovery.Found> last = lastFound;
        waitFor("the Redis pods of namespace " + ns + " to exist", deadline, WATCH_POLL_INTERVAL).untilAsserted(() -> {
            failFast();
            StackDiscovery.Found found = StackDiscovery.find(client, watch, selector, owners);
            last.set(found);
            int want = expected.orElse(found.expectedDataPods());
            List<String> names = found.dataPods().stream().map(StackDiscovery.Served::pod).toList();
            if (!found.missing().isEmpty() || names.size() < want || names.isEmpty()) {
                throw new AssertionError("Expecting " + want + " Redis pods in namespace " + ns + " (" + expectedWhy
                        + ") but found " + names.size() + (names.isEmpty() ? "" : ": " + String.join(", ", names))
                        + (found.missing().isEmpty() ? "" : "; missing: " + String.join(", ", found.missing())));
            }
        });
        progress.phase(last.get().describeServing());
        return last.get();
    }

    /** What the last look for the stack's pods found, if it found any (for the evidence of a failed wait). */
    public Optional<StackDiscovery.Found> lastFound() {
        return Optional.ofNullable(lastFound.get()).filter(found -> !found.dataPods().isEmpty());
    }

    /**
     * Every data pod runs and answers through its port-forward; then the servers say who is master. A pod's
     * port-forward and connection are opened as soon as it runs, while the others still start, and all are asked at
     * once.
     */
    public void awaitRunning(KubernetesHACluster cluster, Instant deadline) {
        String ns = watch.namespace();
        Map<PodNode, CompletableFuture<Void>> opening = new ConcurrentHashMap<>();
        waitFor("every Redis pod in namespace " + ns + " to run", deadline, WATCH_POLL_INTERVAL).untilAsserted(() -> {
            failFast();
            AssertionError notRunning = null;
            for (PodNode node : cluster.podNodes()) {
                try {
                    assertRunning(node);
                    opening.computeIfAbsent(node, running -> Concurrently.start(() -> open(running)));
                } catch (AssertionError e) {
                    notRunning = notRunning == null ? e : notRunning;
                }
            }
            if (notRunning != null) {
                throw notRunning;
            }
        });
        progress.phase("all pods running (" + cluster.podNodes().size() + ")");

        waitFor("every Redis pod in namespace " + ns + " to answer", deadline, SERVER_POLL_INTERVAL).untilAsserted(() -> {
            failFast();
            Concurrently.forEach(cluster.podNodes(), node -> {
                try {
                    node.connection().sync().ping();
                } catch (RedisException e) {
                    if (SentinelLogins.refusesLogin(e) && cluster.settleLogin(node)) {
                        node.connection().sync().ping();
                        return;
                    }
                    refusedCredentials(cluster, node, e);
                    refusedCertificate(cluster, node, e);
                    if (cluster.connectionSettings().tls().isEmpty()) {
                        UnseenTls.check(node, ns, node.endpoint());
                    }
                    throw new AssertionError("Expecting " + node.name() + " in namespace " + ns
                            + " to accept connections through its port-forward but: " + e.getMessage(), e);
                }
            });
        });
        // the servers answered: without a password found, AUTH is off (the places looked at only matter on NOAUTH)
        progress.phase("port-forwards open (" + cluster.podNodes().size() + ", password: "
                + (cluster.connectionSettings().credentials().isPresent() ? cluster.credentialsSource()
                        : "none, and the servers ask for none") + cluster.tlsLine() + ")");
        refuseRedisCluster(cluster);
        cluster.setAsideProxies().ifPresent(proxies -> progress.phase(proxies));
        progress.phase("roles from the servers: " + cluster.observeRoles());
        if (!cluster.sentinels().isEmpty()) {
            try {
                // the first connection settles which login the Sentinels accept
                cluster.sentinels().get(0).connection();
            } catch (RuntimeException notNow) {
                // step 1b (or the test) connects again and says why it cannot
            }
            progress.phase("Sentinel password: " + cluster.sentinelCredentialsSource());
        }
    }

    /** Provision mode: the servers agree on one master and the replicas replicate. */
    public void awaitReplication(KubernetesHACluster cluster, Instant deadline) {
        String ns = watch.namespace();
        waitFor("Redis HA cluster in namespace " + ns + " to replicate", deadline, SERVER_POLL_INTERVAL).untilAsserted(() -> {
            failFast();
            try {
                RedisHAAssertions.assertReplicationUp(cluster);
            } catch (AssertionError notYet) {
                // while it does not replicate, who is master may still change: ask again for the next poll
                cluster.observeRoles();
                throw notYet;
            } catch (RedisException e) {
                throw new AssertionError("Expecting the Redis HA cluster in namespace " + ns
                        + " to answer INFO replication but: " + e.getMessage(), e);
            }
        });
        progress.phase("replicas linked (" + cluster.replicas().size() + " online)");
    }

    /**
     * Provision mode, a stack with an external endpoint: kube-proxy writes the rules of each Service at most once a
     * second, so the master's NodePort may still refuse connections for a moment after the replicas linked through
     * the ClusterIP Service (certification step 4 failed that way). Waits, at most {@link #EXTERNAL_GRACE}, while
     * the endpoint refuses a TCP connect; an accepted connect ends the wait, and so does anything else (a timeout,
     * an unreachable node): step 4, or the test, says what it finds there.
     */
    public void awaitExternalEndpoint(KubernetesHACluster cluster) {
        Optional<Endpoint> external;
        try {
            external = cluster.externalEndpoint();
        } catch (RuntimeException none) {
            return;
        }
        if (external.isEmpty()) {
            return;
        }
        Endpoint endpoint = external.get();
        progress.phase("external endpoint " + endpoint + (awaitAccepting(endpoint, EXTERNAL_GRACE)
                ? " accepts connections" : " still refuses connections (runbook step 4 checks it)"));
    }

    /** Whether {@code endpoint} stopped refusing TCP connects within {@code atMost}; other failures end it at once. */
    static boolean awaitAccepting(Endpoint endpoint, Duration atMost) {
        try {
            waitFor("the external endpoint " + endpoint + " to accept connections", atMost, SERVER_POLL_INTERVAL)
                    .pollInSameThread()
                    .until(() -> !refuses(endpoint));
            return true;
        } catch (ConditionTimeoutException stillRefused) {
            return false;
        }
    }

    private static boolean refuses(Endpoint endpoint) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), CONNECT_TIMEOUT_MS);
            return false;
        } catch (ConnectException refused) {
            return true;
        } catch (IOException other) {
            return false;
        }
    }

    /**
     * A Redis Cluster (sharded, {@code cluster_enabled:1}) is not a master/replica stack: its masters are many by
     * design, so no step could judge it; say what it is, once, instead of a verdict.
     */
    private static void refuseRedisCluster(KubernetesHACluster cluster) {
        for (PodNode node : cluster.podNodes()) {
            Map<String, String> clusterInfo;
            try {
                if (!"1".equals(node.infoFields("cluster").get("cluster_enabled"))) {
                    continue;
                }
                clusterInfo = node.connection().sync().clusterInfo().lines().filter(line -> line.contains(":"))
                        .collect(Collectors.toMap(line -> line.substring(0, line.indexOf(':')),
                                line -> line.substring(line.indexOf(':') + 1).trim(), (a, b) -> a));
            } catch (RedisException notAnswering) {
                continue;
            }
            throw new ExtensionConfigurationException("namespace " + cluster.namespace() + " runs a Redis Cluster,"
                    + " not a master/replica stack: " + cluster.podNodes().size() + " pods, " + node.name()
                    + " says cluster_enabled:1, cluster_state:" + clusterInfo.getOrDefault("cluster_state", "?")
                    + ", " + clusterInfo.getOrDefault("cluster_size", "?") + " shards serving slots; this library"
                    + " certifies a master with its replicas (and Sentinels), which a sharded cluster is not (fix:"
                    + " point it at a master/replica stack)");
        }
    }

    /** A server that answers NOAUTH or WRONGPASS will not change its mind: fail at once, saying where we looked. */
    private static void refusedCredentials(KubernetesHACluster cluster, PodNode node, RedisException e) {
        String text = String.valueOf(e.getMessage()) + (e.getCause() == null ? "" : " " + e.getCause().getMessage());
        String upper = text.toUpperCase(Locale.ROOT);
        if (upper.contains("NOAUTH") || upper.contains("WRONGPASS") || upper.contains("INVALID PASSWORD")) {
            throw new ExtensionConfigurationException("Redis pod " + node.name() + " in namespace "
                    + cluster.namespace() + " refuses the credentials found ("
                    + (upper.contains("NOAUTH") ? "NOAUTH: it needs a password" : "WRONGPASS: the password is wrong")
                    + "; password: " + cluster.credentialsSource() + ") (fix: " + StackCredentials.OPTIONS + ")");
        }
    }

    /**
     * A certificate this JVM does not accept (a name it does not cover, another CA, expired) is refused for good: the
     * run ends at once, naming the pod and the reason, instead of waiting for an answer that cannot come.
     */
    private static void refusedCertificate(KubernetesHACluster cluster, PodNode node, RedisException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SSLHandshakeException handshake && certificateRefused(handshake)) {
                throw new ExtensionConfigurationException("Redis pod " + node.name() + " in namespace "
                        + cluster.namespace() + " presents a certificate this library does not accept ("
                        + refusal(handshake) + cluster.tlsLine() + ") (fix: a certificate that chains to that CA,"
                        + " has not expired and names the pod's own DNS name, as its Secret's tls.crt)");
            }
        }
    }

    /** Why the JDK refused the certificate, in the words of the check that refused it. */
    private static String refusal(SSLHandshakeException handshake) {
        String innermost = handshake.getMessage();
        for (Throwable cause = handshake; cause != null; cause = cause.getCause()) {
            if (cause instanceof CertificateExpiredException) {
                return "the certificate has expired: " + cause.getMessage();
            }
            if (cause instanceof CertificateNotYetValidException) {
                return "the certificate is not valid yet: " + cause.getMessage();
            }
            if (cause instanceof CertPathBuilderException) {
                return "the certificate does not chain to the CA found";
            }
            if (cause instanceof CertificateException && cause.getMessage() != null) {
                innermost = cause.getMessage();
            }
        }
        return innermost;
    }

    private static boolean certificateRefused(SSLHandshakeException handshake) {
        for (Throwable cause = handshake; cause != null; cause = cause.getCause()) {
            if (cause instanceof CertificateException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Opens a running pod's port-forward and connection early, so that the wait for answers finds them open. Best
     * effort: a server not listening yet is asked again by that wait, which says why it does not answer.
     */
    private static void open(PodNode node) {
        try {
            node.connection();
        } catch (RuntimeException notYet) {
            // the wait for answers connects again
        }
    }

    private static ConditionFactory waitFor(String alias, Instant deadline, Duration pollInterval) {
        return waitFor(alias, remaining(deadline), pollInterval);
    }

    private static ConditionFactory waitFor(String alias, Duration atMost, Duration pollInterval) {
        return Awaitility.await(alias)
                .atMost(atMost)
                .pollDelay(Duration.ZERO)
                .pollInterval(pollInterval);
    }

    /** Reads the namespace's watch, not the API server: polling it costs nothing. */
    private void failFast() {
        Instant now = Instant.now();
        Optional<PodProblems.Problem> problem = PodProblems.find(watch.pods(), watch.events(), now);
        if (problem.isEmpty() && attach) {
            problem = PodProblems.failingReadiness(watch.pods(), watch.events(), probeFailuresSeen, now);
        }
        if (problem.isPresent()) {
            throw new StackFailure("Redis HA cluster in namespace " + watch.namespace() + " cannot start: "
                    + problem.get().describe());
        }
    }

    private static void assertRunning(PodNode node) {
        Pod pod = node.pod();
        String where = node.name() + " in namespace " + node.namespace();
        if (pod == null) {
            throw new AssertionError("Expecting pod " + where + " to exist but it does not (yet)");
        }
        String phase = pod.getStatus() == null ? "Unknown" : pod.getStatus().getPhase();
        List<ContainerStatus> statuses = pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null
                ? List.of()
                : pod.getStatus().getContainerStatuses();
        boolean started = "Running".equals(phase) && !statuses.isEmpty()
                && statuses.stream().allMatch(s -> s.getState() != null && s.getState().getRunning() != null);
        if (!started) {
            throw new AssertionError("Expecting pod " + where + " to run but it is " + phase + " ("
                    + Diagnostics.reason(pod) + ")");
        }
    }

    private static Duration remaining(Instant deadline) {
        Duration left = Duration.between(Instant.now(), deadline);
        return left.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : left;
    }
}
