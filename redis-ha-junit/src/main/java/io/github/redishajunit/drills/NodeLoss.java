package io.github.redishajunit.drills;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.github.redishajunit.HACluster;
import io.github.redishajunit.RedisPod;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The node-loss drill's disruption: the node of the victim's pod cordoned and taken away by a {@link NodeOutage}
 * until Kubernetes marks it NotReady, held lost a while longer while the drill watches what becomes of the pod, then
 * given back and uncordoned. Kubernetes does not reschedule a StatefulSet pod whose node is lost (the pod keeps its
 * name, so a second one cannot start until the node confirms the first is gone, or the node object is deleted): the
 * drill checks that and says it in those words, or says what happened instead.
 */
final class NodeLoss {

    /** How long Kubernetes may take to mark a lost node NotReady (its node-monitor-grace-period, 50 s by default). */
    static final Duration NOT_READY_BOUND = Duration.ofMinutes(3);

    /** How long a node given back may take to be Ready again. */
    static final Duration READY_BOUND = Duration.ofMinutes(2);

    private final HACluster cluster;
    private final RedisPod victim;
    private final NodeOutage outage;
    private final Duration hold;
    private final String node;
    private final String uid;
    private final AtomicReference<String> observed = new AtomicReference<>("not lost yet");

    private NodeLoss(HACluster cluster, RedisPod victim, NodeOutage outage, Duration hold, String node, String uid) {
        this.cluster = cluster;
        this.victim = victim;
        this.outage = outage;
        this.hold = hold;
        this.node = node;
        this.uid = uid;
    }

    /**
     * The loss of the node {@code victim}'s pod runs on.
     *
     * @throws IllegalStateException when the pod is not scheduled, or the cluster has no other node (losing the only
     *     node loses the whole stack and the control plane's view of it)
     */
    static NodeLoss of(HACluster cluster, RedisPod victim, NodeOutage outage, Duration hold) {
        Objects.requireNonNull(outage, "outage");
        Pod pod = victim.pod();
        String node = pod == null || pod.getSpec() == null ? null : pod.getSpec().getNodeName();
        if (node == null) {
            throw new IllegalStateException("the node-loss drill needs pod " + victim.name() + " in "
                    + cluster.location() + " scheduled on a node, but it is " + (pod == null ? "gone" : "not"
                            + " scheduled"));
        }
        List<String> nodes = cluster.client().nodes().list().getItems().stream().map(n -> n.getMetadata().getName())
                .toList();
        if (nodes.size() < 2) {
            throw new IllegalStateException("the node-loss drill needs a cluster of 2 or more nodes, but "
                    + cluster.location() + " runs on " + nodes + " (losing the only node loses the whole stack; on the"
                    + " local cluster: scripts/local-cluster up --nodes 3)");
        }
        return new NodeLoss(cluster, victim, outage, hold, node, pod.getMetadata().getUid());
    }

    String node() {
        return node;
    }

    /**
     * Cordons the node and takes it away, waits until it is NotReady, holds it lost for the hold while its pod must
     * stay where it is, then gives it back, uncordons it and waits until it is Ready; always gives it back.
     */
    void inflict(long startNanos) {
        KubernetesClient client = cluster.client();
        cordon(true);
        try {
            outage.stop(node);
            awaitReady(false, NOT_READY_BOUND, startNanos);
            String notReady = DrillReport.seconds(since(startNanos));
            observed.set("NotReady " + notReady + " after the loss");
            AtomicReference<String> pod = new AtomicReference<>(describe(client));
            try {
                Awaitility.await("pod " + victim.name() + " to stay on lost node " + node).during(hold)
                        .atMost(hold.plusSeconds(5)).pollInterval(Duration.ofMillis(500))
                        .until(() -> describe(client), state -> {
                            pod.set(state);
                            return state.startsWith("stayed");
                        });
                observed.set("NotReady " + notReady + " after the loss; pod " + victim.name() + " " + pod.get() + " for"
                        + " the " + DrillReport.seconds(hold) + " held lost: a StatefulSet pod on a lost node is not"
                        + " rescheduled until the node is deleted");
            } catch (ConditionTimeoutException moved) {
                observed.set("NotReady " + notReady + " after the loss; pod " + victim.name() + " " + pod.get()
                        + " while the node was lost");
            }
        } finally {
            try {
                outage.start(node);
            } finally {
                cordon(false);
            }
        }
        long back = System.nanoTime();
        awaitReady(true, READY_BOUND, back);
        observed.set(observed.get() + "; node Ready again " + DrillReport.seconds(since(back)) + " after it was given"
                + " back");
    }

    /**
     * The drill's name with what Kubernetes did, e.g. {@code master node rha-node-2 lost (NotReady 41.2 s after the
     * loss; pod redis-master-0 stayed on it ...)}.
     */
    String describe() {
        return "master node " + node + " lost (" + observed.get() + ")";
    }

    /** {@code stayed on it (Ready False, same UID)}, or what became of the pod instead. */
    private String describe(KubernetesClient client) {
        Pod pod = client.pods().inNamespace(victim.namespace()).withName(victim.name()).get();
        if (pod == null) {
            return "was deleted and not recreated";
        }
        String ready = pod.getStatus() == null || pod.getStatus().getConditions() == null ? "unknown"
                : pod.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType()))
                        .map(PodCondition::getStatus).findFirst().orElse("unknown");
        String on = pod.getSpec().getNodeName();
        if (!uid.equals(pod.getMetadata().getUid())) {
            return "was replaced by a new pod" + (on == null ? " not scheduled yet" : " on node " + on);
        }
        String deleting = pod.getMetadata().getDeletionTimestamp() == null ? "" : ", marked for deletion";
        return "stayed on it (Ready " + ready + ", same UID" + deleting + ")";
    }

    /**
     * A strategic-merge patch of {@code spec.unschedulable} alone, as {@code kubectl cordon} sends: no resourceVersion,
     * so the kubelet's own status updates (frequent right after the node is given back) cannot make it conflict.
     */
    private void cordon(boolean unschedulable) {
        cluster.client().nodes().withName(node).patch(PatchContext.of(PatchType.STRATEGIC_MERGE),
                new NodeBuilder().withNewSpec().withUnschedulable(unschedulable).endSpec().build());
    }

    private void awaitReady(boolean ready, Duration bound, long fromNanos) {
        try {
            cluster.client().nodes().withName(node).waitUntilCondition(n -> ready(n) == ready, bound.toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (KubernetesClientException e) {
            throw new AssertionError("Expecting node " + node + " of the Redis HA stack in " + cluster.location()
                    + " to be " + (ready ? "Ready again after it was given back" : "NotReady once lost (its kubelet"
                            + " stopped by " + outage + ")") + " within " + bound.toSeconds() + " s\nbut after "
                    + DrillReport.seconds(since(fromNanos)) + " its Ready condition was " + readyCondition(), e);
        }
    }

    private String readyCondition() {
        Node current = cluster.client().nodes().withName(node).get();
        return current == null ? "gone (the node was deleted)" : current.getStatus().getConditions().stream()
                .filter(c -> "Ready".equals(c.getType())).map(c -> c.getStatus() + " (" + c.getReason() + ")")
                .findFirst().orElse("absent");
    }

    private static boolean ready(Node node) {
        return node != null && node.getStatus() != null && node.getStatus().getConditions() != null
                && node.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType()))
                        .map(NodeCondition::getStatus).anyMatch("True"::equals);
    }

    private static Duration since(long nanos) {
        return Duration.ofNanos(System.nanoTime() - nanos);
    }
}
