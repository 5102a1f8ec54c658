package io.github.redishajunit.certification;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.github.redishajunit.HACluster;
import io.github.redishajunit.RedisHACluster;
import java.util.Optional;

/**
 * Why a step does not apply to a stack, in the words its N/A gives; empty where it applies. A step that does not
 * apply is aborted, never failed.
 */
final class NotApplicable {

    private NotApplicable() {
    }

    /** Step 1b: a stack without Sentinels. */
    static Optional<String> sentinels(HACluster cluster) {
        return cluster.sentinels().isEmpty() ? Optional.of("not applicable: the stack has no Sentinels")
                : Optional.empty();
    }

    /** Step 4: no NodePort or LoadBalancer Service to the master (one declared but gone is the step's failure). */
    static Optional<String> externalEndpoint(HACluster cluster) {
        try {
            if (cluster.externalEndpoint().isEmpty()) {
                return Optional.of("not applicable: the stack declares no NodePort or LoadBalancer Service to its"
                        + " master (--external HOST:PORT names an endpoint to check)");
            }
        } catch (IllegalStateException gone) {
            // declared but gone: the step reports it as its failure
        }
        return Optional.empty();
    }

    /** Step 8: a stack without replicas. */
    static Optional<String> replicas(HACluster cluster) {
        return cluster.replicas().isEmpty() ? Optional.of("not applicable: the stack has no replicas")
                : Optional.empty();
    }

    /** Step 15: fewer than 3 Sentinels, where a majority gone would leave none to ask. */
    static Optional<String> sentinelMajority(HACluster cluster) {
        int sentinels = cluster.sentinels().size();
        return sentinels >= 3 ? Optional.empty() : Optional.of("not applicable: the stack has " + (sentinels == 0
                ? "no Sentinels" : sentinels + " Sentinel" + (sentinels == 1 ? "" : "s") + " (a majority gone would"
                        + " leave none to ask)"));
    }

    /** Step 15b: no node outage command, one node, or an account that may not list nodes. */
    static Optional<String> nodeLoss(HACluster cluster, CertificationSettings settings) {
        if (settings.nodeOutage().isEmpty()) {
            return Optional.of("not applicable: no node outage command to take a node away and give it back (give "
                    + RedisHACluster.NODE_OUTAGE_COMMAND_KEY + ", scripts/certify --node-outage-command CMD; on the"
                    + " local cluster scripts/certify passes scripts/local-cluster node)");
        }
        int nodes;
        try {
            nodes = cluster.client().nodes().list().getItems().size();
        } catch (KubernetesClientException forbidden) {
            return Optional.of("not applicable: this account may not list nodes (" + forbidden.getCode() + "), so the"
                    + " drill cannot tell the master's node from the others; certify with an account that may");
        }
        if (nodes < 2) {
            return Optional.of("not applicable: the cluster has one node: losing it loses the whole stack (on the local"
                    + " cluster: scripts/local-cluster up --nodes 3)");
        }
        return Optional.empty();
    }
}
