package io.github.redishajunit.internal;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.github.redishajunit.RedisTopology;
import io.github.redishajunit.assertions.RedisHAAssertions;
import io.lettuce.core.RedisException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/**
 * Readiness is replication truth, not pod Ready: the wait ends when {@link RedisHAAssertions#assertReplicationUp}
 * passes on the stack. Every poll first looks for what waiting cannot fix ({@link PodProblems}) and aborts at once
 * with a {@link StackFailure}. Phases, each logged with its duration: the master pod Ready, every pod running,
 * port-forwards open, replicas linked.
 */
final class ReplicationReadiness {

    /** Each poll reads the namespace's watch and INFO through the port-forwards: cheap enough to poll often. */
    static final Duration POLL_INTERVAL = Duration.ofMillis(200);

    private final KubernetesHACluster cluster;
    private final Consumer<RedisTopology> replicationCheck;
    private final Progress progress;

    public ReplicationReadiness(KubernetesHACluster cluster, Progress progress) {
        this(cluster, RedisHAAssertions::assertReplicationUp, progress);
    }

    ReplicationReadiness(KubernetesHACluster cluster, Consumer<RedisTopology> replicationCheck, Progress progress) {
        this.cluster = cluster;
        this.replicationCheck = replicationCheck;
        this.progress = progress;
    }

    /** A problem that waiting will not fix; aborts the wait. */
    public static final class StackFailure extends RuntimeException {
        StackFailure(String message) {
            super(message);
        }
    }

    /** Provision mode: the pods run, their port-forwards answer, and the stack replicates. */
    public void await(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        awaitRunning(deadline);
        String ns = cluster.namespace();
        waitFor("Redis HA cluster in namespace " + ns + " to replicate", deadline)
                .untilAsserted(() -> {
                    failFast();
                    try {
                        replicationCheck.accept(cluster);
                    } catch (RedisException e) {
                        throw new AssertionError("Expecting the Redis HA cluster in namespace " + ns
                                + " to answer INFO replication but: " + e.getMessage(), e);
                    }
                });
        progress.phase("replicas linked (" + cluster.replicas().size() + " online)");
    }

    /**
     * Attach mode: the pods run and answer through their port-forwards. Whether an attached stack replicates is what
     * the tests (the certification suite's first step) report, step by step, rather than one startup failure.
     */
    public void awaitRunning(Duration timeout) {
        awaitRunning(Instant.now().plus(timeout));
    }

    private void awaitRunning(Instant deadline) {
        String ns = cluster.namespace();
        PodNode master = cluster.master();

        waitFor("pod " + master.name() + " in namespace " + ns + " to be Ready", deadline)
                .untilAsserted(() -> {
                    failFast();
                    assertRunning(master, true);
                });
        progress.phase("master ready (" + master.name() + ")");

        waitFor("every pod of the Redis HA cluster in namespace " + ns + " to run", deadline)
                .untilAsserted(() -> {
                    failFast();
                    for (PodNode node : cluster.podNodes()) {
                        assertRunning(node, false);
                    }
                });
        progress.phase("all pods running (" + cluster.podNodes().size() + ")");

        cluster.podNodes().forEach(PodNode::endpoint);
        waitFor("every pod of the Redis HA cluster in namespace " + ns + " to answer", deadline)
                .untilAsserted(() -> {
                    failFast();
                    for (PodNode node : cluster.podNodes()) {
                        try {
                            node.connection();
                        } catch (RedisException e) {
                            throw new AssertionError("Expecting " + node.name() + " in namespace " + ns
                                    + " to accept connections through its port-forward but: " + e.getMessage(), e);
                        }
                    }
                });
        progress.phase("port-forwards open (" + cluster.podNodes().size() + ")");
    }

    private static ConditionFactory waitFor(String alias, Instant deadline) {
        return Awaitility.await(alias)
                .atMost(remaining(deadline))
                .pollDelay(Duration.ZERO)
                .pollInterval(POLL_INTERVAL);
    }

    /** Reads the namespace's watch, not the API server: polling it costs nothing. */
    private void failFast() {
        String ns = cluster.namespace();
        NamespaceWatch watch = cluster.watch();
        Optional<PodProblems.Problem> problem = PodProblems.find(watch.pods(), watch.events(), Instant.now());
        if (problem.isPresent()) {
            throw new StackFailure("Redis HA cluster in namespace " + ns + " cannot start: "
                    + problem.get().describe());
        }
    }

    private static void assertRunning(PodNode node, boolean ready) {
        Pod pod = node.pod();
        String where = node.name() + " in namespace " + node.namespace();
        if (pod == null) {
            throw new AssertionError("Expecting pod " + where + " to exist but it does not (yet)");
        }
        String phase = pod.getStatus() == null ? "Unknown" : pod.getStatus().getPhase();
        List<ContainerStatus> statuses = pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null
                ? List.of()
                : pod.getStatus().getContainerStatuses();
        boolean started = "Running".equals(phase)
                && statuses.stream().allMatch(s -> s.getState() != null && s.getState().getRunning() != null);
        if (!started) {
            throw new AssertionError("Expecting pod " + where + " to run but it is " + phase + " ("
                    + Diagnostics.reason(pod) + ")");
        }
        if (ready) {
            boolean isReady = pod.getStatus().getConditions() != null && pod.getStatus().getConditions().stream()
                    .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
            if (!isReady) {
                String why = pod.getStatus().getConditions() == null ? "" : pod.getStatus().getConditions().stream()
                        .filter(c -> "Ready".equals(c.getType()))
                        .map(PodCondition::getMessage)
                        .filter(m -> m != null)
                        .findFirst()
                        .orElse("readiness probe not passed yet");
                throw new AssertionError("Expecting pod " + where + " to be Ready but it is not: " + why);
            }
        }
    }

    private static Duration remaining(Instant deadline) {
        Duration left = Duration.between(Instant.now(), deadline);
        return left.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : left;
    }
}
