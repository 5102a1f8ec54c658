package io.github.redishajunit.assertions;

import java.time.Duration;
import org.apiguardian.api.API;

/**
 * How long a healthy stack may take to settle, shared by the certification's steps and the drills' before-and-after
 * checks, so both judge a stack by the same clock.
 */
@API(status = API.Status.INTERNAL, since = "0.1.0")
public final class Convergence {

    /** How long a replica may take to reach the master's offset snapshot (the master pings every 10 s). */
    public static final Duration REPLICATION = Duration.ofSeconds(15);

    /**
     * How long the Sentinels may take to agree. They refresh what they know every 2 to 10 s, and a Sentinel reaches
     * a recreated pod (a drill's, a rollout's) only once its name resolves to the pod's new address: it resolves the
     * name again when it reconnects, and the cluster DNS may answer from its cache for up to 30 s (CoreDNS's
     * {@code cache 30}, as kubeadm configures it), after the pod's record changed.
     */
    public static final Duration SENTINELS = Duration.ofSeconds(60);

    /** How long WAIT may wait for every replica to acknowledge. */
    public static final Duration ACKNOWLEDGEMENT = Duration.ofSeconds(2);

    private Convergence() {
    }
}
