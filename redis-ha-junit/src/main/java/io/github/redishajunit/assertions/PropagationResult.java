package io.github.redishajunit.assertions;

import io.github.redishajunit.Endpoint;
import java.time.Duration;
import java.util.List;
import org.apiguardian.api.API;

/**
 * What the propagation step observed: how long each replica took to serve a value written on the master.
 *
 * @param key the key written (deleted again afterwards)
 * @param timeout how long the step waited at most
 * @param latencies one per replica that served the value, measured from the master's reply to the SET
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public record PropagationResult(String key, Duration timeout, List<ReplicaLatency> latencies) {

    public PropagationResult {
        latencies = List.copyOf(latencies);
    }

    /** The slowest replica's latency, or zero without replicas. */
    public Duration maxLatency() {
        return latencies.stream().map(ReplicaLatency::latency).max(Duration::compareTo).orElse(Duration.ZERO);
    }

    public record ReplicaLatency(String node, Endpoint endpoint, Duration latency) {}
}
